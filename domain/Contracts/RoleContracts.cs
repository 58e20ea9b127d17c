namespace Paralus.Domain.Contracts;

/// <summary><see cref="Scope"/> is "organization", "project" or "namespace".</summary>
public sealed record RoleResource(string Id, string Name, string Description, string Scope, IReadOnlyList<string> Permissions, bool BuiltIn, string ETag);

public sealed record CreateRoleRequest(string Name, string Scope, IReadOnlyList<string> Permissions, string? Description = null);

public sealed record UpdateRoleRequest(IReadOnlyList<string>? Permissions = null, string? Description = null);
