using Paralus.Domain.Model;

namespace Paralus.Domain.Directory.Commands;

/// <summary>
/// Binds a role to a user or a group (exactly one of <paramref name="UserName"/> and <paramref name="GroupName"/>) at
/// <paramref name="Scope"/>. Everything it names must still exist when it commits, and the same binding must not.
/// </summary>
public sealed record CreateRoleBinding(string Id, string? UserName, string? GroupName, string RoleId, string RoleName, BindingScope Scope, string? ProjectName,
    DateTimeOffset CreatedAt) : IDirectoryCommand<bool>
{
    public string SubjectText => UserName is not null ? $"user/{UserName}" : $"group/{GroupName}";

    public Mutation<bool> Plan(DirectoryView view)
    {
        SubjectRef subject;
        if (UserName is not null)
        {
            if (view.UserByName(UserName) is not { } user) return DirectoryError.NotFound("user", UserName);
            subject = SubjectRef.User(user.Value.Id);
        }
        else
        {
            if (GroupName is null || view.GroupByName(GroupName) is not { } group) return DirectoryError.NotFound("group", GroupName ?? "");
            subject = SubjectRef.Group(group.Value.Id);
        }
        if (!view.Roles.ContainsKey(RoleId)) return DirectoryError.NotFound("role", RoleName);
        if (Scope.ProjectId is { } projectId and not BindingScope.Wildcard && !view.Projects.ContainsKey(projectId)) return DirectoryError.NotFound("project", ProjectName ?? projectId);
        if (view.Bindings.Values.Any(b => b.Value.Subject == subject && b.Value.RoleId == RoleId && b.Value.Scope == Scope))
        {
            return DirectoryError.Conflict($"{SubjectText} already has role {RoleName} at {Scope}.");
        }
        return Mutation.Apply(new DirectoryChangeSet().Create(new RoleBinding(Id, subject, RoleId, Scope, CreatedAt)), true);
    }
}
