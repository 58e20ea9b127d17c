namespace Paralus.Domain.Contracts;

/// <summary>
/// A company identity provider as the API shows it. The client secret is never returned: <see cref="HasClientSecret"/>
/// says whether one is stored. <see cref="RedirectUri"/> is what to register at the provider for this organization.
/// </summary>
public sealed record IdentityProviderResource(
    string Name,
    string Kind,
    string Issuer,
    string ClientId,
    bool HasClientSecret,
    IReadOnlyList<string> Scopes,
    string SubjectClaim,
    string UsernameClaim,
    string GroupsClaim,
    IReadOnlyList<GroupMappingResource> GroupMappings,
    string RedirectUri,
    DateTimeOffset CreatedAt,
    string ETag,
    string? TenantId = null);

/// <summary>The provider's group (name or object id) <see cref="IdpGroup"/> gives membership of the Paralus group <see cref="Group"/>.</summary>
public sealed record GroupMappingResource(string IdpGroup, string Group);

/// <summary>
/// <see cref="Kind"/> <c>oidc</c> (default) needs <see cref="Issuer"/>; <c>entra</c> needs <see cref="TenantId"/> and
/// derives the issuer from it unless one is given. Unset claims and scopes take the kind's defaults.
/// </summary>
public sealed record CreateIdentityProviderRequest(
    string Name,
    string ClientId,
    string? Kind = null,
    string? Issuer = null,
    string? TenantId = null,
    string? ClientSecret = null,
    IReadOnlyList<string>? Scopes = null,
    string? UsernameClaim = null,
    string? GroupsClaim = null,
    IReadOnlyList<GroupMappingResource>? GroupMappings = null);

/// <summary>PATCH semantics: null members stay as they are. The issuer cannot change: users are linked by it.</summary>
public sealed record UpdateIdentityProviderRequest(
    string? ClientId = null,
    string? ClientSecret = null,
    IReadOnlyList<string>? Scopes = null,
    string? UsernameClaim = null,
    string? GroupsClaim = null,
    IReadOnlyList<GroupMappingResource>? GroupMappings = null);
