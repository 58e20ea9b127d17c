namespace Paralus.Domain.Model;

/// <summary>
/// A company identity provider the organization's people sign in with. Users it signs in are linked to it by
/// <see cref="Issuer"/> and the subject claim, never by e-mail. The client secret is stored apart from this record
/// and never part of it, so it cannot reach an API response.
/// </summary>
/// <param name="SubjectClaim">The claim that identifies a person for good: <c>sub</c>, or <c>oid</c> for Entra.</param>
/// <param name="UsernameClaim">The claim that names a new user (<c>email</c>, <c>preferred_username</c>, …).</param>
/// <param name="GroupsClaim">The claim listing the person's groups; its groups map to Paralus groups of the same name or through <paramref name="GroupMappings"/>.</param>
/// <param name="TenantId">Entra only: the one tenant whose tokens are accepted (<c>tid</c>).</param>
public sealed record IdentityProvider(
    string Id,
    string Name,
    IdentityProviderKind Kind,
    string Issuer,
    string ClientId,
    IReadOnlyList<string> Scopes,
    string SubjectClaim,
    string UsernameClaim,
    string GroupsClaim,
    IReadOnlyList<GroupMapping> GroupMappings,
    DateTimeOffset CreatedAt,
    string? TenantId = null) : IDirectoryEntity;
