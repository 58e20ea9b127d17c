using Paralus.Domain.Model;
using Paralus.Domain.Policy;
using static Paralus.Domain.Tests.Policy.SeedDirectory;

namespace Paralus.Domain.Tests.Policy;

public sealed class PolicySnapshotTests
{
    private static readonly PolicySnapshot Seed = PolicySnapshot.Build(State, version: 7);

    [Fact]
    public void Check_GroupProjectAdmin_AllowsInOwnProjectOnly()
    {
        var inAws = Seed.Check(Virat.Id, Permissions.ClusterRead, PolicyTarget.ForProject(Aws));
        var inGcp = Seed.Check(Virat.Id, Permissions.ClusterRead, PolicyTarget.ForProject(Gcp));

        Assert.True(inAws.IsAllowed);
        Assert.False(inGcp.IsAllowed);
        Assert.Equal(DenialReason.NoGrant, inGcp.Denial);
        Assert.Equal("no role binding grants cluster.read at project/gcp", inGcp.ToString());
    }

    [Fact]
    public void Check_ViaGroup_ExplanationNamesBindingRoleScopeAndGroup()
    {
        var decision = Seed.Check(Virat.Id, Permissions.ClusterWrite, PolicyTarget.ForNamespace(Aws, "web"));

        Assert.True(decision.IsAllowed);
        var grant = decision.Grant!;
        Assert.Equal(AwsMembersBindingId, grant.BindingId);
        Assert.Equal(BuiltInRoles.ProjectAdmin, grant.RoleName);
        Assert.Equal(BindingScope.ForProject(Aws), grant.Scope);
        Assert.Equal(AwsMembersName, grant.ViaGroupName);
        Assert.False(grant.IsDirect);
        Assert.Equal($"binding '{AwsMembersBindingId}' grants role 'PROJECT_ADMIN' at project/aws via group 'AWS Project Members'", decision.ToString());
    }

    [Fact]
    public void Check_DirectBinding_ExplanationSaysDirectly()
    {
        var decision = Seed.Check(Sally.Id, Permissions.KubectlNamespaceWrite, PolicyTarget.ForNamespace(Aws, "apple"));

        Assert.True(decision.IsAllowed);
        Assert.True(decision.Grant!.IsDirect);
        Assert.EndsWith("at project/aws/namespace/apple directly", decision.Explanation);
    }

    [Fact]
    public void Check_NamespaceAdmin_CoversOnlyItsNamespace()
    {
        Assert.True(Seed.Check(Sally.Id, Permissions.ClusterRead, PolicyTarget.ForNamespace(Aws, "apple")).IsAllowed);
        Assert.False(Seed.Check(Sally.Id, Permissions.ClusterRead, PolicyTarget.ForNamespace(Aws, "banana")).IsAllowed);
        Assert.False(Seed.Check(Sally.Id, Permissions.ClusterRead, PolicyTarget.ForNamespace(Gcp, "apple")).IsAllowed);
        Assert.False(Seed.Check(Sally.Id, Permissions.ClusterRead, PolicyTarget.ForProject(Aws)).IsAllowed);
        Assert.False(Seed.Check(Sally.Id, Permissions.ClusterRead, PolicyTarget.Organization).IsAllowed);
    }

    [Fact]
    public void GetKubernetesAccess_NamespaceAdmin_WritesInOwnNamespaceWithNoClusterAccess()
    {
        var access = Seed.GetKubernetesAccess(Sally.Id, Aws);

        Assert.Equal(KubernetesAccessLevel.None, access.ClusterLevel);
        Assert.Null(access.ClusterGrant);
        var apple = Assert.Single(access.Namespaces);
        Assert.Equal("apple", apple.Key);
        Assert.Equal(KubernetesAccessLevel.Write, apple.Value.Level);
        Assert.Equal(SallyBindingId, apple.Value.Grant.BindingId);
        Assert.Equal(KubernetesAccessLevel.Write, access.LevelIn("apple"));
        Assert.Equal(KubernetesAccessLevel.None, access.LevelIn("banana"));
        Assert.True(Seed.GetKubernetesAccess(Sally.Id, Gcp).IsNone);
    }

    [Fact]
    public void GetProjectsWith_NamespaceBinding_CountsItsProject()
    {
        var projects = Seed.GetProjectsWith(Sally.Id, Permissions.ClusterRead);

        Assert.False(projects.All);
        Assert.Equal([Aws], projects.ProjectIds);
        Assert.True(projects.Contains(Aws));
        Assert.False(projects.Contains(Gcp));
    }

    [Fact]
    public void GetKubernetesAccess_ProjectAdminViaGroup_WritesClusterWideInOwnProject()
    {
        var aws = Seed.GetKubernetesAccess(Virat.Id, Aws);
        var gcp = Seed.GetKubernetesAccess(Virat.Id, Gcp);

        Assert.Equal(KubernetesAccessLevel.Write, aws.ClusterLevel);
        Assert.Equal(AwsMembersName, aws.ClusterGrant!.ViaGroupName);
        Assert.Empty(aws.Namespaces);
        Assert.Equal(KubernetesAccessLevel.None, gcp.ClusterLevel);
        Assert.Equal(DenialReason.NoGrant, gcp.Denial);
        Assert.Equal([Aws], Seed.GetProjectsWith(Virat.Id, Permissions.ClusterRead).ProjectIds);
    }

    [Theory]
    [InlineData(Permissions.UserWrite)]
    [InlineData(Permissions.ClusterWrite)]
    [InlineData(Permissions.KubectlFullAccess)]
    [InlineData(Permissions.OrganizationWrite)]
    public void Check_OrganizationAdmin_CoversEveryScope(string permission)
    {
        PolicyTarget[] targets =
        [
            PolicyTarget.Organization, PolicyTarget.ForProject(Aws), PolicyTarget.ForProject("never-seen"),
            PolicyTarget.ForNamespace(Gcp, "kube-system"),
        ];

        foreach (var target in targets)
        {
            var decision = Seed.Check(Admin.Id, permission, target);
            Assert.True(decision.IsAllowed, $"{permission} at {target}");
            Assert.Equal(AdminsBindingId, decision.Grant!.BindingId);
            Assert.Equal(BuiltInGroups.OrganizationAdmins, decision.Grant.ViaGroupName);
        }

        Assert.True(Seed.GetProjectsWith(Admin.Id, permission).All);
    }

    [Fact]
    public void GetKubernetesAccess_OrganizationAdmin_WritesEverywhere()
    {
        var access = Seed.GetKubernetesAccess(Admin.Id, "any-project");

        Assert.Equal(KubernetesAccessLevel.Write, access.ClusterLevel);
        Assert.Equal(KubernetesAccessLevel.Write, access.LevelIn("default"));
        Assert.Contains("via group 'Organization Admins'", access.ToString());
    }

    [Fact]
    public void Deactivated_User_GetsNothing()
    {
        var decision = Seed.Check(Dormant.Id, Permissions.ClusterRead, PolicyTarget.ForProject(Aws));
        var access = Seed.GetKubernetesAccess(Dormant.Id, Aws);

        Assert.False(decision.IsAllowed);
        Assert.Equal(DenialReason.UserDeactivated, decision.Denial);
        Assert.Equal("user is deactivated", decision.Explanation);
        Assert.True(Seed.GetProjectsWith(Dormant.Id, Permissions.ClusterRead).IsEmpty);
        Assert.True(access.IsNone);
        Assert.Equal(DenialReason.UserDeactivated, access.Denial);
        Assert.Equal("user is deactivated", access.ToString());
    }

    [Fact]
    public void Unknown_User_IsDenied()
    {
        var decision = Seed.Check("user-nobody", Permissions.ClusterRead, PolicyTarget.Organization);

        Assert.Equal(DenialReason.UnknownUser, decision.Denial);
        Assert.Equal("unknown user", decision.ToString());
        Assert.True(Seed.GetProjectsWith("user-nobody", Permissions.ClusterRead).IsEmpty);
        Assert.Equal(DenialReason.UnknownUser, Seed.GetKubernetesAccess("user-nobody", Aws).Denial);
    }

    [Fact]
    public void Check_PermissionNoRoleHolds_IsDenied()
    {
        var decision = Seed.Check(Admin.Id, "made.up", PolicyTarget.Organization);

        Assert.False(decision.IsAllowed);
        Assert.Equal("no role binding grants made.up at organization", decision.ToString());
    }

    [Fact]
    public void Wildcards_CoverEveryProjectAndNamespace()
    {
        var state = State with
        {
            Bindings =
            [
                Bind("rb-any-project", SubjectRef.User(Virat.Id), BuiltInRoles.ProjectReadOnly, BindingScope.ForProject(BindingScope.Wildcard)),
                Bind("rb-any-ns-aws", SubjectRef.User(Sally.Id), BuiltInRoles.NamespaceReadOnly, BindingScope.ForNamespace(Aws, BindingScope.Wildcard)),
                Bind("rb-apple-anywhere", SubjectRef.User(Sally.Id), BuiltInRoles.NamespaceAdmin, BindingScope.ForNamespace(BindingScope.Wildcard, "apple")),
            ],
        };
        var snapshot = PolicySnapshot.Build(state, 1);

        Assert.True(snapshot.Check(Virat.Id, Permissions.ProjectRead, PolicyTarget.ForProject("p-42")).IsAllowed);
        Assert.True(snapshot.Check(Virat.Id, Permissions.ProjectRead, PolicyTarget.ForNamespace("p-42", "x")).IsAllowed);
        Assert.False(snapshot.Check(Virat.Id, Permissions.ProjectRead, PolicyTarget.Organization).IsAllowed);
        Assert.True(snapshot.GetProjectsWith(Virat.Id, Permissions.ProjectRead).All);
        Assert.Equal(KubernetesAccessLevel.Read, snapshot.GetKubernetesAccess(Virat.Id, "p-42").ClusterLevel);

        Assert.True(snapshot.Check(Sally.Id, Permissions.KubectlNamespaceRead, PolicyTarget.ForNamespace(Aws, "anything")).IsAllowed);
        Assert.False(snapshot.Check(Sally.Id, Permissions.KubectlNamespaceRead, PolicyTarget.ForNamespace(Gcp, "anything")).IsAllowed);
        Assert.True(snapshot.Check(Sally.Id, Permissions.KubectlNamespaceWrite, PolicyTarget.ForNamespace(Gcp, "apple")).IsAllowed);

        var aws = snapshot.GetKubernetesAccess(Sally.Id, Aws);
        Assert.Equal(KubernetesAccessLevel.None, aws.ClusterLevel);
        Assert.Equal(KubernetesAccessLevel.Read, aws.Namespaces["*"].Level);
        Assert.Equal(KubernetesAccessLevel.Write, aws.Namespaces["apple"].Level);
        Assert.Equal(KubernetesAccessLevel.Read, aws.LevelIn("pear"));
        var gcp = snapshot.GetKubernetesAccess(Sally.Id, Gcp);
        Assert.Equal(["apple"], gcp.Namespaces.Keys);
        Assert.True(snapshot.GetProjectsWith(Sally.Id, Permissions.KubectlNamespaceWrite).All);
    }

    [Fact]
    public void GetKubernetesAccess_WriteSupersedesRead_AndFullAccessAtNamespaceScopeIsNamespaceWrite()
    {
        var state = State with
        {
            Bindings =
            [
                Bind("rb-read", SubjectRef.User(Sally.Id), BuiltInRoles.NamespaceReadOnly, BindingScope.ForNamespace(Aws, "apple")),
                Bind("rb-write", SubjectRef.Group(AwsMembersId), BuiltInRoles.NamespaceAdmin, BindingScope.ForNamespace(Aws, "apple")),
                Bind("rb-cluster-read", SubjectRef.User(Sally.Id), BuiltInRoles.ProjectReadOnly, BindingScope.ForProject(Aws)),
                Bind("rb-full-in-ns", SubjectRef.User(Sally.Id), BuiltInRoles.ClusterAdmin, BindingScope.ForNamespace(Aws, "pear")),
            ],
            Memberships = [.. State.Memberships, new GroupMembership(AwsMembersId, Sally.Id)],
        };
        var access = PolicySnapshot.Build(state, 1).GetKubernetesAccess(Sally.Id, Aws);

        Assert.Equal(KubernetesAccessLevel.Read, access.ClusterLevel);
        Assert.Equal("rb-cluster-read", access.ClusterGrant!.BindingId);
        Assert.Equal(new NamespaceAccess(KubernetesAccessLevel.Write, access.Namespaces["apple"].Grant), access.Namespaces["apple"]);
        Assert.Equal("rb-write", access.Namespaces["apple"].Grant.BindingId);
        Assert.Equal(AwsMembersName, access.Namespaces["apple"].Grant.ViaGroupName);
        Assert.Equal(KubernetesAccessLevel.Write, access.Namespaces["pear"].Level);
        Assert.Equal(KubernetesAccessLevel.Read, access.LevelIn("plum"));
    }

    [Fact]
    public void Check_AllowedAndDenied_AllocateNothing()
    {
        var allowed = PolicyTarget.ForNamespace(Aws, "apple");
        var denied = PolicyTarget.ForProject(Gcp);
        var count = 0;
        for (var i = 0; i < 100; i++) count += Seed.Check(Sally.Id, Permissions.ClusterRead, allowed).IsAllowed ? 1 : 0;

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            count += Seed.Check(Sally.Id, Permissions.ClusterRead, allowed).IsAllowed ? 1 : 0;
            count += Seed.Check(Virat.Id, Permissions.ClusterRead, denied).IsAllowed ? 1 : 0;
            count += Seed.Check(Dormant.Id, Permissions.ClusterRead, denied).IsAllowed ? 1 : 0;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(10_100, count);
    }

    [Fact]
    public void Lookups_FindByIdAndName()
    {
        Assert.Equal(7, Seed.Version);
        Assert.Same(Virat, Seed.FindUser(Virat.Id));
        Assert.Same(Virat, Seed.FindUserByName("VIRAT.Kohli@Paralus.Local"));
        Assert.Null(Seed.FindUserByName("nobody@paralus.local"));
        Assert.Equal(AwsMembersId, Seed.FindGroupByName(AwsMembersName)!.Id);
        Assert.Equal(AwsMembersName, Seed.FindGroup(AwsMembersId)!.Name);
        Assert.Equal(BuiltInRoles.IdOf(BuiltInRoles.NamespaceAdmin), Seed.FindRoleByName(BuiltInRoles.NamespaceAdmin)!.Id);
        Assert.Equal(BuiltInRoles.Admin, Seed.FindRole(BuiltInRoles.IdOf(BuiltInRoles.Admin))!.Name);
        Assert.Equal([BuiltInGroups.AllLocalUsers, AwsMembersName], Seed.GetGroupsOfUser(Virat.Id).Select(g => g.Name));
        Assert.Equal([Admin, Dormant], Seed.GetMembersOfGroup(BuiltInGroups.OrganizationAdminsId));
        Assert.Empty(Seed.GetGroupsOfUser("user-nobody"));
        Assert.Empty(Seed.GetMembersOfGroup("group-nobody"));
    }

    [Fact]
    public void Build_DanglingRows_GrantNothing()
    {
        var state = State with
        {
            Memberships = [.. State.Memberships, new GroupMembership("group-gone", Sally.Id), new GroupMembership(AwsMembersId, "user-gone")],
            Bindings =
            [
                Bind("rb-no-role", SubjectRef.User(Sally.Id), "NO_SUCH_ROLE", BindingScope.Organization),
                Bind("rb-no-group", SubjectRef.Group("group-gone"), BuiltInRoles.Admin, BindingScope.Organization),
                Bind("rb-no-project", SubjectRef.User(Sally.Id), BuiltInRoles.Admin, new BindingScope(ScopeKind.Project)),
            ],
        };
        var snapshot = PolicySnapshot.Build(state, 1);

        Assert.False(snapshot.Check(Sally.Id, Permissions.ClusterRead, PolicyTarget.ForProject(Aws)).IsAllowed);
        Assert.Equal([Virat], snapshot.GetMembersOfGroup(AwsMembersId));
    }
}
