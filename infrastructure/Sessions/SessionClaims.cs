namespace Paralus.Infrastructure.Sessions;

/// <summary>What a valid session token says: who, in which organization, issued when, and for what (<see cref="SessionTokenService.ApiAudience"/> or <see cref="SessionTokenService.KubectlAudience"/>).</summary>
public sealed record SessionClaims(string OrganizationId, string UserId, string UserName, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, string Audience);
