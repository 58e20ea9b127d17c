namespace Paralus.Functions.SignIn;

public sealed class SignInOptions
{
    public const string SectionName = "Paralus:SignIn";

    /// <summary>How long a browser may take from the authorization request to the provider's answer.</summary>
    public TimeSpan AuthorizationTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the one-time code handed to the CLI's loopback listener stays redeemable.</summary>
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a refresh token keeps a company sign-in alive without the person signing in again.</summary>
    public TimeSpan RefreshSessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Microsoft Graph, where Entra ID groups are read when a token has too many to carry (groups overage).</summary>
    public string GraphBaseUrl { get; set; } = "https://graph.microsoft.com";

    /// <summary>Tolerance for clocks at the provider (issued-at, not-before, expiry of ID tokens).</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(60);
}
