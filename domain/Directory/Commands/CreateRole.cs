using Paralus.Domain.Model;

namespace Paralus.Domain.Directory.Commands;

/// <summary>A custom role; its permissions are kept once each, in order.</summary>
public sealed record CreateRole(string Id, string Name, string Description, ScopeKind Scope, IReadOnlyList<string> Permissions) : IDirectoryCommand<bool>
{
    public Mutation<bool> Plan(DirectoryView view)
    {
        if (view.RoleByName(Name) is not null) return DirectoryError.AlreadyExists("role", Name);
        var role = new Role(Id, Name, Description, Scope, Permissions.Distinct().Order(StringComparer.Ordinal).ToArray(), BuiltIn: false);
        return Mutation.Apply(new DirectoryChangeSet().Create(role), true);
    }
}
