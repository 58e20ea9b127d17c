using System.Net;
using System.Net.Http.Json;
using Paralus.Domain.Contracts;
using Paralus.Functions.Tests.Infrastructure;

namespace Paralus.Functions.Tests.Apis;

/// <summary>Tries to get in where a role does not reach: every refusal is a 403 (or an indistinguishable 404) and is audited.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class AuthorizationTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task NamespaceAdmin_CannotAdministerTheOrganization()
    {
        using var admin = fixture.Admin();
        var project = ApiCalls.Unique("aws");
        await (await admin.PostAsJsonAsync("/api/v1/projects", new CreateProjectRequest(project))).ReadAsync<ProjectResource>(HttpStatusCode.Created);
        var sally = ApiCalls.Unique("sally") + "@example.com";
        await (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(sally, "Sally", Password: "sally-password"))).ReadAsync<UserResource>(HttpStatusCode.Created);
        await (await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("NAMESPACE_ADMIN", User: sally, Project: project, Namespace: "apple")))
            .ReadAsync<RoleBindingResource>(HttpStatusCode.Created);
        using var client = fixture.Server.Client(await fixture.Server.LoginAsync(sally, "sally-password"));

        Assert.Contains("may not project.write", await (await client.PostAsJsonAsync("/api/v1/projects", new CreateProjectRequest(ApiCalls.Unique("mine")))).ProblemAsync(HttpStatusCode.Forbidden));
        await (await client.GetAsync("/api/v1/users")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await client.PostAsJsonAsync("/api/v1/groups", new CreateGroupRequest(ApiCalls.Unique("g")))).ProblemAsync(HttpStatusCode.Forbidden);
        await (await client.PatchJsonAsync("/api/v1/groups/Organization%20Admins", new UpdateGroupRequest(AddUsers: [sally]))).ProblemAsync(HttpStatusCode.Forbidden);
        await (await client.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("ADMIN", User: sally))).ProblemAsync(HttpStatusCode.Forbidden);
        await (await client.PatchJsonAsync("/api/v1/settings", new UpdateOrganizationSettingsRequest(AuditRetentionSeconds: 86400))).ProblemAsync(HttpStatusCode.Forbidden);
        await (await client.GetAsync("/api/v1/audit/system")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await client.GetAsync($"/api/v1/authz/can-i?user={fixture.Server.AdminUser}&permission=user.write")).ProblemAsync(HttpStatusCode.Forbidden);

        // What she may do: see her project, ask about herself.
        var projects = await client.GetFromJsonAsync<ListResponse<ProjectResource>>("/api/v1/projects", ApiCalls.Json);
        Assert.Equal([project], projects!.Items.Select(p => p.Name));
        var own = await client.GetFromJsonAsync<CanIResponse>($"/api/v1/authz/can-i?project={project}&namespace=apple&permission=kubectl.namespace.write", ApiCalls.Json);
        Assert.True(own!.Allowed);

        var denials = await admin.GetFromJsonAsync<ListResponse<SystemAuditEventResource>>($"/api/v1/audit/system?actor={sally}", ApiCalls.Json);
        Assert.Contains(denials!.Items, e => e is { Action: "project.create", Outcome: "denied" });
        Assert.Contains(denials.Items, e => e is { Action: "rolebinding.create", Outcome: "denied" });
    }

    [Fact]
    public async Task ProjectAdmin_ManagesBindingsInOwnProjectOnly()
    {
        using var admin = fixture.Admin();
        var (mine, theirs) = (ApiCalls.Unique("mine"), ApiCalls.Unique("theirs"));
        foreach (var p in new[] { mine, theirs }) await (await admin.PostAsJsonAsync("/api/v1/projects", new CreateProjectRequest(p))).ReadAsync<ProjectResource>(HttpStatusCode.Created);
        var lead = ApiCalls.Unique("lead") + "@example.com";
        var dev = ApiCalls.Unique("dev") + "@example.com";
        await (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(lead, Password: "lead-password"))).ReadAsync<UserResource>(HttpStatusCode.Created);
        await (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(dev))).ReadAsync<UserResource>(HttpStatusCode.Created);
        await (await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("PROJECT_ADMIN", User: lead, Project: mine))).ReadAsync<RoleBindingResource>(HttpStatusCode.Created);
        using var client = fixture.Server.Client(await fixture.Server.LoginAsync(lead, "lead-password"));

        await (await client.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("NAMESPACE_ADMIN", User: lead, Project: mine, Namespace: "apple"))).ReadAsync<RoleBindingResource>(HttpStatusCode.Created);
        // Naming anyone else needs user.read, which PROJECT_ADMIN lacks: otherwise 201 against 404 would list the users.
        Assert.Contains("may not user.read", await (await client.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("PROJECT_READ_ONLY", User: dev, Project: mine))).ProblemAsync(HttpStatusCode.Forbidden));
        // A project the lead cannot see is answered like one that does not exist.
        Assert.Contains($"project '{theirs}' does not exist", await (await client.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("PROJECT_READ_ONLY", User: lead, Project: theirs))).ProblemAsync(HttpStatusCode.BadRequest));
        await (await client.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("ADMIN", User: dev))).ProblemAsync(HttpStatusCode.Forbidden);

        // Clusters of a project you cannot see look exactly like clusters that do not exist.
        var hidden = ApiCalls.Unique("hidden");
        await (await admin.PostAsJsonAsync("/api/v1/clusters", new CreateClusterRequest(hidden, theirs))).ReadAsync<ClusterResource>(HttpStatusCode.Created);
        var hiddenAnswer = await (await client.GetAsync($"/api/v1/clusters/{hidden}")).ProblemAsync(HttpStatusCode.NotFound);
        var missingAnswer = await (await client.GetAsync("/api/v1/clusters/never-existed")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(hiddenAnswer.Replace(hidden, "X"), missingAnswer.Replace("never-existed", "X"));
        await (await client.PostAsJsonAsync("/api/v1/clusters", new CreateClusterRequest(ApiCalls.Unique("c"), mine))).ReadAsync<ClusterResource>(HttpStatusCode.Created);
    }
}
