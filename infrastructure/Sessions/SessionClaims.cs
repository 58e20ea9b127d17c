using Paralus.Domain.Model;

namespace Paralus.Infrastructure.Sessions;

/// <summary>
/// What a valid session token says: who, in which organization, issued when, and for what (<see cref="SessionTokenService.ApiAudience"/>,
/// <see cref="SessionTokenService.KubectlAudience"/>, or <see cref="SessionTokenService.RestrictedAudience"/> with its <see cref="Restriction"/>).
/// </summary>
public sealed record SessionClaims(string OrganizationId, string UserId, string UserName, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, string Audience,
    SessionRestriction? Restriction = null);
