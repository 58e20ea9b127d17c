namespace Paralus.Domain.Contracts;

/// <summary>
/// Exactly one of <see cref="User"/> and <see cref="Group"/> is set. <see cref="Scope"/> is "organization",
/// "project" or "namespace"; <see cref="Project"/> may be "*" (every project), <see cref="Namespace"/> likewise.
/// </summary>
public sealed record RoleBindingResource(
    string Id,
    string? User,
    string? Group,
    string Role,
    string Scope,
    string? Project,
    string? Namespace,
    DateTimeOffset CreatedAt);

/// <summary>The scope follows from what is given: neither project nor namespace → organization; project → project; both → namespace.</summary>
public sealed record CreateRoleBindingRequest(string Role, string? User = null, string? Group = null, string? Project = null, string? Namespace = null);
