namespace Paralus.Domain.Directory.Commands;

/// <summary>A custom role no binding uses.</summary>
public sealed record DeleteRole(string Name) : IDirectoryCommand<bool>
{
    public Mutation<bool> Plan(DirectoryView view)
    {
        if (view.RoleByName(Name) is not { } role) return DirectoryError.NotFound("role", Name);
        if (role.Value.BuiltIn) return DirectoryError.Conflict($"'{Name}' is a built-in role and cannot be deleted.");
        var used = view.Bindings.Values.Count(b => b.Value.RoleId == role.Value.Id);
        if (used > 0) return DirectoryError.Conflict($"role '{Name}' is used by {used} role binding(s); delete them first.");
        return Mutation.Apply(new DirectoryChangeSet().Delete(role), true);
    }
}
