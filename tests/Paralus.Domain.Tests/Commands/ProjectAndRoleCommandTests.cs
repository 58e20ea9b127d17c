using Paralus.Domain.Directory;
using Paralus.Domain.Directory.Changes;
using Paralus.Domain.Directory.Commands;
using Paralus.Domain.Model;

namespace Paralus.Domain.Tests.Commands;

public sealed class ProjectAndRoleCommandTests
{
    private static readonly Project Default = new("project-default", Project.DefaultName, "", TestDirectory.Now);
    private static readonly Project Aws = new("p-aws", "aws", "", TestDirectory.Now);
    private static readonly Project Gcp = new("p-gcp", "gcp", "", TestDirectory.Now);
    private static readonly Cluster GcpCluster = new("c-1", "gke-1", Gcp.Id, "", new Dictionary<string, string>(), TestDirectory.Now, ClusterStatus.Pending);
    private static readonly Role Viewer = new("r-view", "VIEWER", "", ScopeKind.Project, ["project.read"], false);
    private static readonly Role Admin = new("r-admin", "ADMIN", "", ScopeKind.Organization, ["*"], true);
    private static readonly RoleBinding AwsViewer = new("b-1", SubjectRef.User("u-1"), Viewer.Id, BindingScope.ForProject(Aws.Id), TestDirectory.Now);

    private static DirectoryView View() => new TestDirectory().With(Default, Aws, Gcp, GcpCluster, Viewer, Admin, AwsViewer).View();

    [Fact]
    public void DeletingAProject_TakesItsBindings_ButNotWhileItHasClusters_NorTheDefault()
    {
        Assert.Equal<DirectoryChange>([new EntityDeleted(AwsViewer, TestDirectory.ETagOf(AwsViewer)), new EntityDeleted(Aws, TestDirectory.ETagOf(Aws))],
            new DeleteProject("aws", MayNameClusters: false).Plan(View()).Changes!.Changes);

        Assert.Equal("project 'gcp' still has 1 cluster(s) (gke-1); delete or move them first.", new DeleteProject("gcp", MayNameClusters: true).Plan(View()).Error?.Message);
        Assert.Equal("project 'gcp' still has 1 cluster(s); delete or move them first.", new DeleteProject("gcp", MayNameClusters: false).Plan(View()).Error?.Message);
        Assert.Equal(DirectoryErrorKind.Conflict, new DeleteProject(Project.DefaultName, true).Plan(View()).Error?.Kind);
    }

    [Fact]
    public void ProjectNames_AreUnique_AndUpdatesNeedTheVersionRead()
    {
        Assert.Equal(DirectoryErrorKind.Conflict, new CreateProject("p-2", "AWS", "", TestDirectory.Now).Plan(View()).Error?.Kind);
        Assert.Equal([new EntityReplaced(Aws with { Description = "prod" }, TestDirectory.ETagOf(Aws))], new UpdateProject("aws", "prod", TestDirectory.ETagOf(Aws)).Plan(View()).Changes!.Changes);
        Assert.Equal(DirectoryErrorKind.PreconditionFailed, new UpdateProject("aws", "prod", "etag-stale").Plan(View()).Error?.Kind);
    }

    [Fact]
    public void ARole_KeepsEachPermissionOnceInOrder_BuiltInRolesStayAsTheyAre_UsedRolesStay()
    {
        var created = (EntityCreated)new CreateRole("r-2", "OPS", "", ScopeKind.Project, ["project.read", "cluster.read", "project.read"]).Plan(View()).Changes!.Changes.Single();
        Assert.Equal(["cluster.read", "project.read"], ((Role)created.Entity).Permissions);

        Assert.Equal(DirectoryErrorKind.Invalid, new UpdateRole("ADMIN", ["project.read"], null, TestDirectory.ETagOf(Admin)).Plan(View()).Error?.Kind);
        Assert.Equal(DirectoryErrorKind.Conflict, new DeleteRole("ADMIN").Plan(View()).Error?.Kind);
        Assert.Equal("role 'viewer' is used by 1 role binding(s); delete them first.", new DeleteRole("viewer").Plan(View()).Error?.Message);
        var unused = new TestDirectory().With(Viewer).View();
        Assert.Equal([new EntityDeleted(Viewer, TestDirectory.ETagOf(Viewer))], new DeleteRole("VIEWER").Plan(unused).Changes!.Changes);
    }
}
