using System.Text.RegularExpressions;
using Paralus.Domain.Text;

namespace Paralus.Domain.Model;

/// <summary>What an identity provider's settings may be, and the defaults of each kind.</summary>
public static partial class IdentityProviderSettings
{
    public const int MaxMappings = 500;
    public const int MaxScopes = 20;
    public const int MaxSecretLength = 1024;

    public static IReadOnlyList<string> DefaultScopes { get; } = ["openid", "profile", "email", "offline_access"];

    /// <summary>Entra's v2 issuer of one tenant; its tokens name the tenant id, so <paramref name="tenantId"/> must be the id, not a domain.</summary>
    public static string EntraIssuer(string tenantId) => $"https://login.microsoftonline.com/{tenantId}/v2.0";

    public static string DefaultSubjectClaim(IdentityProviderKind kind) => kind == IdentityProviderKind.Entra ? "oid" : "sub";

    public static string DefaultUsernameClaim(IdentityProviderKind kind) => kind == IdentityProviderKind.Entra ? "preferred_username" : "email";

    public const string DefaultGroupsClaim = "groups";

    /// <summary>
    /// https, or http to a loopback address (a provider on the same machine): the discovery document and the keys that
    /// sign every token come from here, so nothing in between may change them.
    /// </summary>
    public static string? Issuer(string? issuer)
    {
        if (string.IsNullOrWhiteSpace(issuer)) return "issuer is required for an OIDC provider.";
        if (issuer.Length > 512 || !Uri.TryCreate(issuer, UriKind.Absolute, out var url)) return "issuer must be an absolute URL of at most 512 characters.";
        if (url.Query.Length > 0 || url.Fragment.Length > 0 || url.UserInfo.Length > 0) return "issuer must not carry a query, fragment or user name.";
        if (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && LoopbackHost.Is(url))) return "issuer must be an https URL (http only to a loopback address).";
        return null;
    }

    public static string? ClientId(string? clientId) =>
        string.IsNullOrEmpty(clientId) || clientId.Length > 256 || !TokenPattern().IsMatch(clientId) ? "clientId is required: at most 256 visible characters, no spaces." : null;

    public static string? ClientSecret(string? secret) =>
        secret is not null && (secret.Length is 0 or > MaxSecretLength || secret.Any(char.IsControl)) ? $"clientSecret must be 1 to {MaxSecretLength} characters without control characters." : null;

    public static string? TenantId(string? tenantId) =>
        tenantId is null || !Guid.TryParse(tenantId, out _) ? "tenantId must be the Entra tenant's id (a GUID)." : null;

    public static string? Claim(string field, string? claim) =>
        claim is not null && (claim.Length is 0 or > 64 || !ClaimPattern().IsMatch(claim)) ? $"{field} must be a claim name of 1 to 64 letters, digits and . _ : / -" : null;

    public static string? Scopes(IReadOnlyList<string>? scopes) =>
        scopes is not null && (scopes.Count > MaxScopes || scopes.Any(s => s.Length is 0 or > 128 || !TokenPattern().IsMatch(s)))
            ? $"scopes must be at most {MaxScopes} scope names without spaces or quotes." : null;

    public static string? IdpGroup(string? group) =>
        string.IsNullOrEmpty(group) || group.Length > 256 || group.Any(char.IsControl) ? "each group mapping's idpGroup must be 1 to 256 characters." : null;

    /// <summary>The scopes asked for: always <c>openid</c>, first.</summary>
    public static IReadOnlyList<string> WithOpenId(IReadOnlyList<string> scopes) => ["openid", .. scopes.Where(s => s != "openid").Distinct(StringComparer.Ordinal)];

    [GeneratedRegex("^[\\x21\\x23-\\x5B\\x5D-\\x7E]+$", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();

    [GeneratedRegex("^[A-Za-z0-9._:/-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ClaimPattern();
}
