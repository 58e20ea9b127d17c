namespace Paralus.Domain.Contracts;

public sealed record LoginRequest(string Username, string Password);

/// <summary><see cref="Token"/> goes into <c>Authorization: Bearer …</c> until <see cref="ExpiresAt"/>.</summary>
public sealed record LoginResponse(string Token, DateTimeOffset ExpiresAt, string User);

public sealed record WhoAmIResponse(string User, string Kind, IReadOnlyList<string> Groups, string AuthenticatedBy);

/// <summary>The answer of <c>GET /api/v1/authz/can-i</c>: allowed or not, and why.</summary>
public sealed record CanIResponse(bool Allowed, string User, string Permission, string Scope, string Reason);
