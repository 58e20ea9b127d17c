using Paralus.Domain.Model;

namespace Paralus.Domain.Policy;

/// <summary>
/// A user as the engine evaluates them: the grant tables of the user and of each of their groups.
/// A grant table maps a permission index to the scoped grants of that permission, in the order
/// <see cref="ScopedGrant"/> describes; group tables are shared by every member, which keeps the snapshot small and quick to build.
/// </summary>
internal sealed class CompiledUser(User user, ScopedGrant[]?[][] grantTables, IReadOnlyList<Group> groups)
{
    public User User { get; } = user;

    /// <summary>The user's own table first (when they have direct bindings), then their groups' tables.</summary>
    public ScopedGrant[]?[][] GrantTables { get; } = grantTables;

    public IReadOnlyList<Group> Groups { get; } = groups;
}
