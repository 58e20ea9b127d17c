using Paralus.Domain.Model;

namespace Paralus.Domain.Directory.Commands;

/// <summary>
/// A group's description and members. The group is rewritten at <paramref name="ExpectedETag"/> (what the caller
/// read, or its If-Match), so of two concurrent updates one succeeds and the other is told to read again.
/// </summary>
public sealed record UpdateGroup(string Name, string? Description, IReadOnlyList<string> AddUsers, IReadOnlyList<string> RemoveUsers, string ExpectedETag)
    : IDirectoryCommand<bool>
{
    public Mutation<bool> Plan(DirectoryView view)
    {
        if (view.GroupByName(Name) is not { } group) return DirectoryError.NotFound("group", Name);
        if (group.ETag != ExpectedETag) return DirectoryError.ChangedConcurrently("group", Name);
        if (group.Value.Id == BuiltInGroups.AllLocalUsersId && AddUsers.Count + RemoveUsers.Count > 0)
        {
            return DirectoryError.Invalid($"membership of '{BuiltInGroups.AllLocalUsers}' follows from the users themselves and cannot be changed.");
        }
        var members = view.Memberships.Where(m => m.GroupId == group.Value.Id).Select(m => m.UserId).ToHashSet();
        var changes = new DirectoryChangeSet();
        foreach (var userName in AddUsers.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (view.UserByName(userName) is not { } user) return DirectoryError.NotFound("user", userName);
            if (members.Add(user.Value.Id)) changes.AddMembership(group.Value.Id, user.Value.Id);
        }
        foreach (var userName in RemoveUsers.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (view.UserByName(userName) is not { } user) return DirectoryError.NotFound("user", userName);
            if (members.Remove(user.Value.Id)) changes.RemoveMembership(group.Value.Id, user.Value.Id);
        }
        var updated = group.Value with { Description = Description ?? group.Value.Description };
        return Mutation.Apply(changes.Replace(updated, group.ETag), true);
    }
}
