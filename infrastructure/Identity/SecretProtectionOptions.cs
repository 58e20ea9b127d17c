namespace Paralus.Infrastructure.Identity;

public sealed class SecretProtectionOptions
{
    public const string SectionName = "Paralus:Secrets";

    /// <summary>Base64 AES-256 key (32 bytes). In Azure, a Key Vault reference in app settings, so the key lives in Key Vault.</summary>
    public string? Key { get; set; }

    /// <summary>Used when <see cref="Key"/> is empty: a key file created on first start with mode 0600.</summary>
    public string KeyFile { get; set; } = ".paralus/keys/secrets.key";
}
