using Paralus.Domain.AccessEvents;
using Paralus.Domain.Directory;
using Paralus.Domain.Model;

namespace Paralus.Domain.Tests.AccessEvents;

/// <summary>Which directory changes announce which access events: derived from the changes, so no API can forget one.</summary>
public sealed class AccessChangePlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private static readonly User Sally = new("u-sally", "sally@example.com", "Sally", "S", UserKind.Local, true, Now);
    private static readonly Role Admin = new("r-admin", "PROJECT_ADMIN", "", ScopeKind.Project, ["project.read"], true);
    private static readonly RoleBinding Binding = new("b-1", SubjectRef.User(Sally.Id), Admin.Id, BindingScope.ForProject("p-aws"), Now);
    private static readonly Cluster Aws = new("c-1", "aws-1", "p-aws", "", new Dictionary<string, string>(), Now, ClusterStatus.Pending);

    private static readonly DirectoryView Before = new(
        new Organization("o-1", "acme", Now), 7, "etag", null,
        [new Stored<Project>(new Project("p-aws", "aws", "", Now), "e"), new Stored<Project>(new Project("p-gcp", "gcp", "", Now), "e")],
        [new Stored<User>(Sally, "e")],
        [new Stored<Group>(new Group("g-1", "Trainees Admin", "", GroupKind.Custom, Now), "e")],
        [new Stored<Role>(Admin, "e")],
        [new Stored<RoleBinding>(Binding, "e")],
        [new Stored<Cluster>(Aws, "e")],
        [],
        [new GroupMembership("g-1", Sally.Id)],
        new Dictionary<string, string>());

    private static IReadOnlyList<AccessChange> Plan(DirectoryChangeSet changes) => AccessChangePlanner.Plan(Before, changes.Changes);

    [Fact]
    public void DeactivatingAUser_IsAnnounced() =>
        Assert.Equal([new AccessChange(AccessEventTypes.UserDeactivated, UserId: Sally.Id)], Plan(new DirectoryChangeSet().Replace(Sally with { Active = false }, "e")));

    [Fact]
    public void RevokingCredentials_IsAnnounced() =>
        Assert.Equal([new AccessChange(AccessEventTypes.KubeconfigRevoked, UserId: Sally.Id)], Plan(new DirectoryChangeSet().Replace(Sally with { CredentialsRevokedBefore = Now }, "e")));

    [Fact]
    public void RenamingAUser_ChangesNoAccess() =>
        Assert.Empty(Plan(new DirectoryChangeSet().Replace(Sally with { FirstName = "Sal" }, "e")));

    [Fact]
    public void MembershipChanges_NameUserAndGroup()
    {
        Assert.Equal([new AccessChange(AccessEventTypes.MembershipRemoved, UserId: Sally.Id, GroupId: "g-1")], Plan(new DirectoryChangeSet().RemoveMembership("g-1", Sally.Id)));
        Assert.Equal([new AccessChange(AccessEventTypes.MembershipAdded, UserId: Sally.Id, GroupId: "g-1")], Plan(new DirectoryChangeSet().AddMembership("g-1", Sally.Id)));
    }

    [Fact]
    public void BindingChanges_NameTheRoleAndSubject()
    {
        Assert.Equal([new AccessChange(AccessEventTypes.BindingDeleted, UserId: Sally.Id, RoleId: Admin.Id, BindingId: Binding.Id)], Plan(new DirectoryChangeSet().Delete(new Stored<RoleBinding>(Binding, "e"))));
        Assert.Equal([new AccessChange(AccessEventTypes.BindingCreated, UserId: Sally.Id, RoleId: Admin.Id, BindingId: "b-2")], Plan(new DirectoryChangeSet().Create(Binding with { Id = "b-2" })));
    }

    [Fact]
    public void DeletingAUser_AnnouncesTheDeletionFirst()
    {
        var changes = Plan(new DirectoryChangeSet().RemoveMembership("g-1", Sally.Id).Delete(new Stored<RoleBinding>(Binding, "e")).Delete(new Stored<User>(Sally, "e")));
        Assert.Equal(3, changes.Count);
        Assert.Equal(AccessEventTypes.UserDeleted, new AccessEvent("o-1", 8, Now, changes).Type);
    }

    [Fact]
    public void ClusterChanges_CountWhenCreatedDeletedOrMoved_NotForStatus()
    {
        Assert.Empty(Plan(new DirectoryChangeSet().Replace(Aws with { Status = new ClusterStatus("Connected", Now) }, "e")));
        Assert.Equal([new AccessChange(AccessEventTypes.ClusterChanged, ClusterId: Aws.Id)], Plan(new DirectoryChangeSet().Replace(Aws with { ProjectId = "p-gcp" }, "e")));
        Assert.Equal([new AccessChange(AccessEventTypes.ClusterDeleted, ClusterId: Aws.Id)], Plan(new DirectoryChangeSet().Delete(new Stored<Cluster>(Aws, "e"))));
        Assert.Equal([new AccessChange(AccessEventTypes.ClusterCreated, ClusterId: "c-2")], Plan(new DirectoryChangeSet().Create(Aws with { Id = "c-2", Name = "aws-2" })));
    }

    [Fact]
    public void RoleAndSettingsChanges_AreAnnounced()
    {
        Assert.Equal([new AccessChange(AccessEventTypes.RoleChanged, RoleId: Admin.Id)], Plan(new DirectoryChangeSet().Replace(Admin with { Permissions = [] }, "e")));
        Assert.Equal([new AccessChange(AccessEventTypes.SettingsChanged)], Plan(new DirectoryChangeSet().ReplaceSettings(OrganizationSettings.Defaults, "e")));
    }

    [Fact]
    public void CreatingProjectsAndApiKeys_ChangesNoAccess() =>
        Assert.Empty(Plan(new DirectoryChangeSet().Create(new Project("p-new", "new", "", Now))));
}
