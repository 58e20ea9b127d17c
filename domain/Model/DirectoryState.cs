namespace Paralus.Domain.Model;

/// <summary>Everything the policy engine compiles: one organization's users, groups, roles and bindings at a moment.</summary>
public sealed record DirectoryState(
    IReadOnlyList<Project> Projects,
    IReadOnlyList<User> Users,
    IReadOnlyList<Group> Groups,
    IReadOnlyList<GroupMembership> Memberships,
    IReadOnlyList<Role> Roles,
    IReadOnlyList<RoleBinding> Bindings);
