using Paralus.Domain.Model;

namespace Paralus.Domain.Tests.Policy;

/// <summary>The organization Paralus's own docs walk through: admins, an AWS team, a namespace admin.</summary>
internal static class SeedDirectory
{
    public const string Aws = "aws";
    public const string Gcp = "gcp";
    public const string AwsMembersId = "group-aws-members";
    public const string AwsMembersName = "AWS Project Members";
    public const string AwsMembersBindingId = "rb-aws-members-project-admin";
    public const string SallyBindingId = "rb-sally-namespace-admin";
    public const string AdminsBindingId = "rb-organization-admins-admin";

    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static User Admin { get; } = Person("user-admin", "admin@paralus.local");
    public static User Virat { get; } = Person("user-virat", "virat.kohli@paralus.local");
    public static User Sally { get; } = Person("user-sally", "sally@paralus.local");
    public static User Dormant { get; } = Person("user-dormant", "dormant@paralus.local") with { Active = false };

    public static DirectoryState State { get; } = new(
        Projects: [new Project(Aws, "aws", "", Epoch), new Project(Gcp, "gcp", "", Epoch)],
        Users: [Admin, Virat, Sally, Dormant],
        Groups:
        [
            new Group(BuiltInGroups.AllLocalUsersId, BuiltInGroups.AllLocalUsers, "", GroupKind.System, Epoch),
            new Group(BuiltInGroups.OrganizationAdminsId, BuiltInGroups.OrganizationAdmins, "", GroupKind.System, Epoch),
            new Group(AwsMembersId, AwsMembersName, "", GroupKind.Custom, Epoch),
        ],
        Memberships:
        [
            new GroupMembership(BuiltInGroups.AllLocalUsersId, Admin.Id),
            new GroupMembership(BuiltInGroups.AllLocalUsersId, Virat.Id),
            new GroupMembership(BuiltInGroups.AllLocalUsersId, Sally.Id),
            new GroupMembership(BuiltInGroups.AllLocalUsersId, Dormant.Id),
            new GroupMembership(BuiltInGroups.OrganizationAdminsId, Admin.Id),
            new GroupMembership(BuiltInGroups.OrganizationAdminsId, Dormant.Id),
            new GroupMembership(AwsMembersId, Virat.Id),
        ],
        Roles: BuiltInRoles.All,
        Bindings:
        [
            Bind(AdminsBindingId, SubjectRef.Group(BuiltInGroups.OrganizationAdminsId), BuiltInRoles.Admin, BindingScope.Organization),
            Bind(AwsMembersBindingId, SubjectRef.Group(AwsMembersId), BuiltInRoles.ProjectAdmin, BindingScope.ForProject(Aws)),
            Bind(SallyBindingId, SubjectRef.User(Sally.Id), BuiltInRoles.NamespaceAdmin, BindingScope.ForNamespace(Aws, "apple")),
        ]);

    public static User Person(string id, string name) => new(id, name, "", "", UserKind.Local, Active: true, Epoch);

    public static RoleBinding Bind(string id, SubjectRef subject, string builtInRole, BindingScope scope) =>
        new(id, subject, BuiltInRoles.IdOf(builtInRole), scope, Epoch);
}
