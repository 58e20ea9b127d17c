namespace Paralus.Infrastructure.Sessions;

public sealed class SessionTokenOptions
{
    public const string SectionName = "Paralus:Auth";

    /// <summary>Base64 HMAC key (at least 32 bytes). In Azure, a Key Vault reference in app settings.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Used when <see cref="SigningKey"/> is empty: a key file created on first start with mode 0600.</summary>
    public string SigningKeyFile { get; set; } = ".paralus/keys/session-signing.key";

    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A session that may only change its password or add an authenticator: long enough to do that, no longer.</summary>
    public TimeSpan RestrictedSessionLifetime { get; set; } = TimeSpan.FromMinutes(10);

    public string Issuer { get; set; } = "paralus-cloud";
}
