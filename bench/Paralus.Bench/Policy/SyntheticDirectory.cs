using Paralus.Domain.Model;

namespace Paralus.Bench.Policy;

/// <summary>
/// A large organization generated from a fixed seed: users in a few groups each, most bindings on one
/// project or one namespace, a handful organization-wide, as a real tenant tends to look.
/// </summary>
internal static class SyntheticDirectory
{
    public static readonly string[] Namespaces =
        ["default", "web", "api", "jobs", "data", "monitoring", "ingress", "payments", "search", "auth",
         "cache", "queue", "ml", "reports", "batch", "edge", "mail", "billing", "staging", "sandbox"];

    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static DirectoryState Generate(int seed, int users, int groups, int projects, int bindings, int groupsPerUser)
    {
        var random = new Random(seed);
        var projectList = Enumerable.Range(0, projects).Select(p => new Project($"project-{p:D4}", $"project-{p:D4}", "", Epoch)).ToList();
        var userList = Enumerable.Range(0, users)
            .Select(u => new User($"user-{u:D5}", $"user{u:D5}@example.test", "First", "Last", UserKind.Local, Active: random.Next(50) != 0, Epoch))
            .ToList();
        var groupList = new List<Group>
        {
            new(BuiltInGroups.AllLocalUsersId, BuiltInGroups.AllLocalUsers, "", GroupKind.System, Epoch),
            new(BuiltInGroups.OrganizationAdminsId, BuiltInGroups.OrganizationAdmins, "", GroupKind.System, Epoch),
        };
        groupList.AddRange(Enumerable.Range(0, groups).Select(g => new Group($"group-{g:D4}", $"Team {g:D4}", "", GroupKind.Custom, Epoch)));

        var memberships = new List<GroupMembership>(users * (groupsPerUser + 1));
        foreach (var user in userList)
        {
            memberships.Add(new GroupMembership(BuiltInGroups.AllLocalUsersId, user.Id));
            for (var i = 0; i < groupsPerUser; i++) memberships.Add(new GroupMembership($"group-{random.Next(groups):D4}", user.Id));
        }

        for (var i = 0; i < 10; i++) memberships.Add(new GroupMembership(BuiltInGroups.OrganizationAdminsId, userList[random.Next(users)].Id));

        var permissions = Permissions.All.Order(StringComparer.Ordinal).ToArray();
        var roles = BuiltInRoles.All.ToList();
        roles.AddRange(Enumerable.Range(0, 20).Select(r => new Role(
            $"role-custom-{r}", $"custom-{r}", "", r % 2 == 0 ? ScopeKind.Project : ScopeKind.Namespace,
            permissions.Where(_ => random.Next(4) == 0).ToArray(), BuiltIn: false)));
        string[] projectRoles = [.. roles.Where(r => r.Scope == ScopeKind.Project).Select(r => r.Id)];
        string[] namespaceRoles = [.. roles.Where(r => r.Scope == ScopeKind.Namespace).Select(r => r.Id)];

        var bindingList = new List<RoleBinding>(bindings)
        {
            new("rb-org-admins", SubjectRef.Group(BuiltInGroups.OrganizationAdminsId), BuiltInRoles.IdOf(BuiltInRoles.Admin), BindingScope.Organization, Epoch),
        };
        while (bindingList.Count < bindings)
        {
            // Two thirds of bindings name a user, a third a team.
            var subject = random.Next(3) == 0
                ? SubjectRef.Group($"group-{random.Next(groups):D4}")
                : SubjectRef.User(userList[random.Next(users)].Id);
            var roll = random.Next(10_000);
            var project = projectList[random.Next(projects)].Id;
            var (roleId, scope) = roll switch
            {
                < 5 => (BuiltInRoles.IdOf(BuiltInRoles.AdminReadOnly), BindingScope.Organization),
                < 15 => (projectRoles[random.Next(projectRoles.Length)], BindingScope.ForProject(BindingScope.Wildcard)),
                < 5_000 => (projectRoles[random.Next(projectRoles.Length)], BindingScope.ForProject(project)),
                < 5_100 => (namespaceRoles[random.Next(namespaceRoles.Length)], BindingScope.ForNamespace(BindingScope.Wildcard, Namespaces[random.Next(Namespaces.Length)])),
                < 6_000 => (namespaceRoles[random.Next(namespaceRoles.Length)], BindingScope.ForNamespace(project, BindingScope.Wildcard)),
                _ => (namespaceRoles[random.Next(namespaceRoles.Length)], BindingScope.ForNamespace(project, Namespaces[random.Next(Namespaces.Length)])),
            };
            bindingList.Add(new RoleBinding($"rb-{bindingList.Count:D6}", subject, roleId, scope, Epoch));
        }

        return new DirectoryState(projectList, userList, groupList, memberships, roles, bindingList);
    }
}
