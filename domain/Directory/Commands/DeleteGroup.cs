using Paralus.Domain.Model;

namespace Paralus.Domain.Directory.Commands;

/// <summary>
/// A custom group with its memberships, role bindings and identity-provider mappings to it (dependents first, so a
/// partial commit leaves none dangling).
/// </summary>
public sealed record DeleteGroup(string Name) : IDirectoryCommand<bool>
{
    public Mutation<bool> Plan(DirectoryView view)
    {
        if (view.GroupByName(Name) is not { } group) return DirectoryError.NotFound("group", Name);
        if (group.Value.Kind == GroupKind.System) return DirectoryError.Conflict($"'{Name}' is a built-in group and cannot be deleted.");
        var id = group.Value.Id;
        var changes = new DirectoryChangeSet();
        foreach (var m in view.Memberships.Where(m => m.GroupId == id)) changes.RemoveMembership(m.GroupId, m.UserId);
        foreach (var b in view.Bindings.Values.Where(b => b.Value.Subject == SubjectRef.Group(id))) changes.Delete(b);
        foreach (var provider in view.IdentityProviders.Values.Where(p => p.Value.GroupMappings.Any(m => m.GroupId == id)))
        {
            changes.Replace(provider.Value with { GroupMappings = provider.Value.GroupMappings.Where(m => m.GroupId != id).ToArray() }, provider.ETag);
        }
        return Mutation.Apply(changes.Delete(group), true);
    }
}
