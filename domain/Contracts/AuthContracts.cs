namespace Paralus.Domain.Contracts;

public sealed record LoginRequest(string Username, string Password);

/// <summary><see cref="Token"/> goes into <c>Authorization: Bearer …</c> until <see cref="ExpiresAt"/>.</summary>
public sealed record LoginResponse(string Token, DateTimeOffset ExpiresAt, string User);

/// <summary>
/// The caller. <see cref="IdentityProvider"/> names the provider of an SSO user; <see cref="ExpiresAt"/> is when the
/// credential used ends (null for API keys without expiry); <see cref="Roles"/> every role binding that applies.
/// </summary>
public sealed record WhoAmIResponse(
    string User,
    string Kind,
    IReadOnlyList<string> Groups,
    string AuthenticatedBy,
    string? IdentityProvider = null,
    DateTimeOffset? ExpiresAt = null,
    IReadOnlyList<EffectiveRole>? Roles = null);

/// <summary>A role the caller holds: <see cref="Scope"/> <c>organization</c>, <c>project/P</c> or <c>project/P/namespace/N</c>; <see cref="Via"/> <c>user</c> or <c>group/G</c>.</summary>
public sealed record EffectiveRole(string Role, string Scope, string Via);

/// <summary>The answer of <c>GET /api/v1/authz/can-i</c>: allowed or not, and why.</summary>
public sealed record CanIResponse(bool Allowed, string User, string Permission, string Scope, string Reason);
