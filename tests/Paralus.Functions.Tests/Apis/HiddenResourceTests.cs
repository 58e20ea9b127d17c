using System.Net;
using System.Net.Http.Json;
using Paralus.Domain.Contracts;
using Paralus.Functions.Tests.Infrastructure;

namespace Paralus.Functions.Tests.Apis;

/// <summary>
/// A project or cluster the caller may not see answers exactly like one that does not exist, and what the caller
/// may not do is refused before anything is looked up: each attack compares the hidden answer with the missing one.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class HiddenResourceTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task PatchAndDelete_HiddenProject_AnswerLikeAMissingOne()
    {
        var (lead, hidden) = await ProjectAdminBesideAHiddenProjectAsync();
        var missing = ApiCalls.Unique("missing");

        await ApiCalls.AssertSameAnswerAsync(
            await lead.PatchJsonAsync($"/api/v1/projects/{hidden.Project}", new UpdateProjectRequest("mine now")), hidden.Project,
            await lead.PatchJsonAsync($"/api/v1/projects/{missing}", new UpdateProjectRequest("mine now")), missing);
        await ApiCalls.AssertSameAnswerAsync(
            await lead.DeleteAsync($"/api/v1/projects/{hidden.Project}"), hidden.Project,
            await lead.DeleteAsync($"/api/v1/projects/{missing}"), missing);
        using var admin = fixture.Admin();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/v1/projects/{hidden.Project}")).StatusCode);
    }

    [Fact]
    public async Task PatchDeleteBootstrap_HiddenCluster_AnswerLikeAMissingOne()
    {
        var (lead, hidden) = await ProjectAdminBesideAHiddenProjectAsync();
        var missing = ApiCalls.Unique("missing");

        await ApiCalls.AssertSameAnswerAsync(
            await lead.PatchJsonAsync($"/api/v1/clusters/{hidden.Cluster}", new UpdateClusterRequest("mine now")), hidden.Cluster,
            await lead.PatchJsonAsync($"/api/v1/clusters/{missing}", new UpdateClusterRequest("mine now")), missing);
        await ApiCalls.AssertSameAnswerAsync(
            await lead.DeleteAsync($"/api/v1/clusters/{hidden.Cluster}"), hidden.Cluster,
            await lead.DeleteAsync($"/api/v1/clusters/{missing}"), missing);
        await ApiCalls.AssertSameAnswerAsync(
            await lead.PostAsync($"/api/v1/clusters/{hidden.Cluster}/bootstrap", null), hidden.Cluster,
            await lead.PostAsync($"/api/v1/clusters/{missing}/bootstrap", null), missing);
    }

    [Fact]
    public async Task CreateRoleBinding_InHiddenProject_AnswersLikeAMissingProject()
    {
        var (lead, hidden) = await ProjectAdminBesideAHiddenProjectAsync();
        var missing = ApiCalls.Unique("missing");

        await ApiCalls.AssertSameAnswerAsync(
            await lead.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("PROJECT_ADMIN", User: hidden.LeadName, Project: hidden.Project)), hidden.Project,
            await lead.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("PROJECT_ADMIN", User: hidden.LeadName, Project: missing)), missing);
    }

    [Fact]
    public async Task CanI_OnHiddenProject_AnswersLikeAMissingProject()
    {
        var (lead, hidden) = await ProjectAdminBesideAHiddenProjectAsync();
        var missing = ApiCalls.Unique("missing");

        await ApiCalls.AssertSameAnswerAsync(
            await lead.GetAsync($"/api/v1/authz/can-i?permission=cluster.read&project={hidden.Project}"), hidden.Project,
            await lead.GetAsync($"/api/v1/authz/can-i?permission=cluster.read&project={missing}"), missing);
        await ApiCalls.AssertSameAnswerAsync(
            await lead.GetAsync($"/api/v1/authz/can-i?permission=kubectl.namespace.read&project={hidden.Project}&namespace=default"), hidden.Project,
            await lead.GetAsync($"/api/v1/authz/can-i?permission=kubectl.namespace.read&project={missing}&namespace=default"), missing);
    }

    [Fact]
    public async Task CreateCluster_WithAHiddenClustersName_AnswersLikeAnyTakenName_AndRevealsNothingOfIt()
    {
        var (lead, hidden) = await ProjectAdminBesideAHiddenProjectAsync();
        var visible = ApiCalls.Unique("visible");
        await (await lead.PostAsJsonAsync("/api/v1/clusters", new CreateClusterRequest(visible, hidden.LeadProject))).ReadAsync<ClusterResource>(HttpStatusCode.Created);

        var taken = await lead.PostAsJsonAsync("/api/v1/clusters", new CreateClusterRequest(hidden.Cluster, hidden.LeadProject));
        await ApiCalls.AssertSameAnswerAsync(
            taken, hidden.Cluster,
            await lead.PostAsJsonAsync("/api/v1/clusters", new CreateClusterRequest(visible, hidden.LeadProject)), visible);
        Assert.DoesNotContain(hidden.Project, await taken.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CreateRoleBinding_ForUnknownUser_AnswersLikeAnExistingUser_WithoutUserRead()
    {
        var (lead, hidden) = await ProjectAdminBesideAHiddenProjectAsync();
        using var admin = fixture.Admin();
        var existing = ApiCalls.Unique("dev") + "@example.com";
        await (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(existing))).ReadAsync<UserResource>(HttpStatusCode.Created);
        var unknown = ApiCalls.Unique("nobody") + "@example.com";

        var forExisting = await lead.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("PROJECT_READ_ONLY", User: existing, Project: hidden.LeadProject));
        await ApiCalls.AssertSameAnswerAsync(
            forExisting, existing,
            await lead.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("PROJECT_READ_ONLY", User: unknown, Project: hidden.LeadProject)), unknown);
        Assert.Contains("user.read", await forExisting.ProblemAsync(HttpStatusCode.Forbidden));
        var group = ApiCalls.Unique("g");
        await (await admin.PostAsJsonAsync("/api/v1/groups", new CreateGroupRequest(group))).ReadAsync<GroupResource>(HttpStatusCode.Created);
        var unknownGroup = ApiCalls.Unique("g");
        await ApiCalls.AssertSameAnswerAsync(
            await lead.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("PROJECT_READ_ONLY", Group: group, Project: hidden.LeadProject)), group,
            await lead.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("PROJECT_READ_ONLY", Group: unknownGroup, Project: hidden.LeadProject)), unknownGroup);
    }

    [Fact]
    public async Task UpdateUser_WithoutUserWrite_AnswersTheSameForAnExistingAndAnUnknownUser()
    {
        var (lead, _) = await ProjectAdminBesideAHiddenProjectAsync();
        using var admin = fixture.Admin();
        var existing = ApiCalls.Unique("dev") + "@example.com";
        await (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(existing))).ReadAsync<UserResource>(HttpStatusCode.Created);
        var unknown = ApiCalls.Unique("nobody") + "@example.com";

        foreach (var change in new[] { new UpdateUserRequest(FirstName: "Eve"), new UpdateUserRequest(Active: false) })
        {
            var forExisting = await lead.PatchJsonAsync($"/api/v1/users/{existing}", change);
            await ApiCalls.AssertSameAnswerAsync(forExisting, existing, await lead.PatchJsonAsync($"/api/v1/users/{unknown}", change), unknown);
            Assert.Contains("user.write", await forExisting.ProblemAsync(HttpStatusCode.Forbidden));
        }
    }

    [Fact]
    public async Task GroupMembers_ByAGroupWriterWithoutUserRead_AnswerTheSameForAnExistingAndAnUnknownUser()
    {
        using var admin = fixture.Admin();
        var role = ApiCalls.Unique("groupkeeper");
        await (await admin.PostAsJsonAsync("/api/v1/roles", new CreateRoleRequest(role, "organization", ["group.read", "group.write"]))).ReadAsync<RoleResource>(HttpStatusCode.Created);
        var keeper = ApiCalls.Unique("keeper") + "@example.com";
        await (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(keeper, Password: "keeper-password"))).ReadAsync<UserResource>(HttpStatusCode.Created);
        await (await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest(role, User: keeper))).ReadAsync<RoleBindingResource>(HttpStatusCode.Created);
        var group = ApiCalls.Unique("g");
        await (await admin.PostAsJsonAsync("/api/v1/groups", new CreateGroupRequest(group))).ReadAsync<GroupResource>(HttpStatusCode.Created);
        using var client = fixture.Server.Client(await fixture.Server.LoginAsync(keeper, "keeper-password"));
        var existing = ApiCalls.Unique("dev") + "@example.com";
        await (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(existing))).ReadAsync<UserResource>(HttpStatusCode.Created);
        var unknown = ApiCalls.Unique("nobody") + "@example.com";

        var forExisting = await client.PatchJsonAsync($"/api/v1/groups/{group}", new UpdateGroupRequest(AddUsers: [existing]));
        await ApiCalls.AssertSameAnswerAsync(forExisting, existing, await client.PatchJsonAsync($"/api/v1/groups/{group}", new UpdateGroupRequest(AddUsers: [unknown])), unknown);
        Assert.Contains("user.read", await forExisting.ProblemAsync(HttpStatusCode.Forbidden));
        await (await client.PatchJsonAsync($"/api/v1/groups/{group}", new UpdateGroupRequest(Description: "kept"))).ReadAsync<GroupResource>();
    }

    [Fact]
    public async Task DeleteProject_WithClustersTheCallerCannotSee_DoesNotNameThem()
    {
        using var admin = fixture.Admin();
        var (project, cluster, role) = (ApiCalls.Unique("p"), ApiCalls.Unique("unseen"), ApiCalls.Unique("projectkeeper"));
        await (await admin.PostAsJsonAsync("/api/v1/projects", new CreateProjectRequest(project))).ReadAsync<ProjectResource>(HttpStatusCode.Created);
        await (await admin.PostAsJsonAsync("/api/v1/clusters", new CreateClusterRequest(cluster, project))).ReadAsync<ClusterResource>(HttpStatusCode.Created);
        await (await admin.PostAsJsonAsync("/api/v1/roles", new CreateRoleRequest(role, "project", ["project.read", "project.write"]))).ReadAsync<RoleResource>(HttpStatusCode.Created);
        var keeper = ApiCalls.Unique("keeper") + "@example.com";
        await (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(keeper, Password: "keeper-password"))).ReadAsync<UserResource>(HttpStatusCode.Created);
        await (await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest(role, User: keeper, Project: project))).ReadAsync<RoleBindingResource>(HttpStatusCode.Created);
        using var client = fixture.Server.Client(await fixture.Server.LoginAsync(keeper, "keeper-password"));

        var refused = await (await client.DeleteAsync($"/api/v1/projects/{project}")).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains("1 cluster(s)", refused);
        Assert.DoesNotContain(cluster, refused);
        Assert.Contains(cluster, await (await admin.DeleteAsync($"/api/v1/projects/{project}")).ProblemAsync(HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task DeleteRoleBinding_InHiddenProject_AnswersLikeAMissingOne()
    {
        var (lead, hidden) = await ProjectAdminBesideAHiddenProjectAsync();
        using var admin = fixture.Admin();
        var binding = await (await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("PROJECT_READ_ONLY", Group: "Organization Admins", Project: hidden.Project)))
            .ReadAsync<RoleBindingResource>(HttpStatusCode.Created);
        var missing = ApiCalls.Unique("missing");

        await ApiCalls.AssertSameAnswerAsync(
            await lead.DeleteAsync($"/api/v1/rolebindings/{binding.Id}"), binding.Id,
            await lead.DeleteAsync($"/api/v1/rolebindings/{missing}"), missing);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/v1/rolebindings/{binding.Id}")).StatusCode);
    }

    [Fact]
    public async Task UpdateGroup_UpdateRole_CreateRoleBinding_AuthorizeBeforeLookingUp()
    {
        var (lead, _) = await ProjectAdminBesideAHiddenProjectAsync();
        var missing = ApiCalls.Unique("missing");

        // No group.write: an existing group and a missing one get the same refusal.
        await ApiCalls.AssertSameAnswerAsync(
            await lead.PatchJsonAsync("/api/v1/groups/Organization%20Admins", new UpdateGroupRequest("x")), "Organization Admins",
            await lead.PatchJsonAsync($"/api/v1/groups/{missing}", new UpdateGroupRequest("x")), missing);
        // No role.write: a built-in role and a missing one get the same refusal.
        await ApiCalls.AssertSameAnswerAsync(
            await lead.PatchJsonAsync("/api/v1/roles/ADMIN", new UpdateRoleRequest(Description: "x")), "ADMIN",
            await lead.PatchJsonAsync($"/api/v1/roles/{missing}", new UpdateRoleRequest(Description: "x")), missing);
        // No project.admin.write at organization scope: an existing role and a missing one get the same refusal.
        await ApiCalls.AssertSameAnswerAsync(
            await lead.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("ADMIN", Group: "Organization Admins")), "ADMIN",
            await lead.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest(missing, Group: "Organization Admins")), missing);
    }

    /// <summary>
    /// A PROJECT_ADMIN of one project (who may write projects, clusters and bindings there) and, beside it, a project
    /// with a cluster that the admin cannot see at all.
    /// </summary>
    private async Task<(HttpClient Lead, Hidden Hidden)> ProjectAdminBesideAHiddenProjectAsync()
    {
        using var admin = fixture.Admin();
        var (mine, theirs, cluster) = (ApiCalls.Unique("mine"), ApiCalls.Unique("theirs"), ApiCalls.Unique("secret"));
        foreach (var p in new[] { mine, theirs }) await (await admin.PostAsJsonAsync("/api/v1/projects", new CreateProjectRequest(p))).ReadAsync<ProjectResource>(HttpStatusCode.Created);
        await (await admin.PostAsJsonAsync("/api/v1/clusters", new CreateClusterRequest(cluster, theirs))).ReadAsync<ClusterResource>(HttpStatusCode.Created);
        var lead = ApiCalls.Unique("lead") + "@example.com";
        await (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(lead, Password: "lead-password"))).ReadAsync<UserResource>(HttpStatusCode.Created);
        await (await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("PROJECT_ADMIN", User: lead, Project: mine))).ReadAsync<RoleBindingResource>(HttpStatusCode.Created);
        return (fixture.Server.Client(await fixture.Server.LoginAsync(lead, "lead-password")), new Hidden(theirs, cluster, mine, lead));
    }

    private sealed record Hidden(string Project, string Cluster, string LeadProject, string LeadName);
}
