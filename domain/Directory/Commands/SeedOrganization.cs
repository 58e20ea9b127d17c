using Paralus.Domain.Model;

namespace Paralus.Domain.Directory.Commands;

/// <summary>
/// What a new organization starts with, added where missing (so every start may run it): default settings, the
/// default project, the built-in roles and groups, organization admins bound to ADMIN, and while there are no users,
/// <paramref name="Admin"/> as the first administrator. The password is hashed only then (<paramref name="AdminPasswordHash"/>);
/// it was generated, so it must be changed at the first sign-in.
/// Answers whether the first administrator was created.
/// </summary>
public sealed record SeedOrganization(User Admin, Func<string> AdminPasswordHash, DateTimeOffset Now) : IDirectoryCommand<bool>
{
    public Mutation<bool> Plan(DirectoryView view)
    {
        var changes = new DirectoryChangeSet();
        if (!view.HasStoredSettings) changes.ReplaceSettings(OrganizationSettings.Defaults, null);
        if (view.ProjectByName(Project.DefaultName) is null)
        {
            changes.Create(new Project("project-default", Project.DefaultName, "Created at first start.", Now));
        }
        foreach (var role in BuiltInRoles.All.Where(r => !view.Roles.ContainsKey(r.Id))) changes.Create(role);
        if (!view.Groups.ContainsKey(BuiltInGroups.AllLocalUsersId))
        {
            changes.Create(new Group(BuiltInGroups.AllLocalUsersId, BuiltInGroups.AllLocalUsers, "Every local user.", GroupKind.System, Now));
        }
        if (!view.Groups.ContainsKey(BuiltInGroups.OrganizationAdminsId))
        {
            changes.Create(new Group(BuiltInGroups.OrganizationAdminsId, BuiltInGroups.OrganizationAdmins, "Administrators of the organization.", GroupKind.System, Now));
            changes.Create(new RoleBinding("binding-organization-admins",
                SubjectRef.Group(BuiltInGroups.OrganizationAdminsId), BuiltInRoles.IdOf(BuiltInRoles.Admin), BindingScope.Organization, Now));
        }
        var createsAdmin = view.Users.Count == 0;
        if (createsAdmin)
        {
            changes.Append(CreateLocalUser.ChangesFor(Admin with { PasswordChangeRequired = true }, AdminPasswordHash()).AddMembership(BuiltInGroups.OrganizationAdminsId, Admin.Id));
        }
        return Mutation.Apply(changes, createsAdmin);
    }
}
