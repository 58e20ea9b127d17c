namespace Paralus.Functions.Auth;

/// <summary>Claim types the authentication handler puts on the principal.</summary>
internal static class ParalusClaims
{
    public const string UserId = "sub";
    public const string UserName = "name";
    public const string Organization = "org";
    public const string Method = "amr";

    /// <summary>When the credential used ends (Unix seconds); absent for API keys without expiry.</summary>
    public const string ExpiresAt = "exp";

    /// <summary>An API key's scope ("full" or "read-only"); absent for sessions.</summary>
    public const string ApiKeyScope = "paralus.apikey.scope";

    /// <summary>A restricted session's <see cref="Domain.Model.SessionRestriction"/>; absent for everything else.</summary>
    public const string Restriction = "paralus.restriction";
}
