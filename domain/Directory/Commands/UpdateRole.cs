namespace Paralus.Domain.Directory.Commands;

/// <summary>A custom role's permissions and description, written at <paramref name="ExpectedETag"/>. Built-in roles stay as they are.</summary>
public sealed record UpdateRole(string Name, IReadOnlyList<string>? Permissions, string? Description, string ExpectedETag) : IDirectoryCommand<bool>
{
    public Mutation<bool> Plan(DirectoryView view)
    {
        if (view.RoleByName(Name) is not { } role) return DirectoryError.NotFound("role", Name);
        if (role.Value.BuiltIn) return DirectoryError.Invalid($"'{Name}' is a built-in role and cannot be changed; create a custom role instead.");
        if (role.ETag != ExpectedETag) return DirectoryError.ChangedConcurrently("role", Name);
        var updated = role.Value with
        {
            Permissions = Permissions?.Distinct().Order(StringComparer.Ordinal).ToArray() ?? role.Value.Permissions,
            Description = Description ?? role.Value.Description,
        };
        return Mutation.Apply(new DirectoryChangeSet().Replace(updated, role.ETag), true);
    }
}
