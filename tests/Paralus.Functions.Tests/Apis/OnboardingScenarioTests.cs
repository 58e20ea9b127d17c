using System.Net;
using System.Net.Http.Json;
using Paralus.Domain.Contracts;
using Paralus.Functions.Tests.Infrastructure;

namespace Paralus.Functions.Tests.Apis;

/// <summary>The seed scenario: onboard a developer onto project aws through a group with PROJECT_ADMIN.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class OnboardingScenarioTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task GroupWithProjectAdmin_OnboardsNewUser_OntoThatProjectOnly()
    {
        using var admin = fixture.Admin();
        var project = ApiCalls.Unique("aws");
        var other = ApiCalls.Unique("gcp");
        var group = ApiCalls.Unique("AWS Project Members");
        var user = ApiCalls.Unique("virat") + "@paralus.local";

        await (await admin.PostAsJsonAsync("/api/v1/projects", new CreateProjectRequest(project))).ReadAsync<ProjectResource>(HttpStatusCode.Created);
        await (await admin.PostAsJsonAsync("/api/v1/projects", new CreateProjectRequest(other))).ReadAsync<ProjectResource>(HttpStatusCode.Created);
        await (await admin.PostAsJsonAsync("/api/v1/groups", new CreateGroupRequest(group))).ReadAsync<GroupResource>(HttpStatusCode.Created);
        var created = await (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(user, "Virat", "Kohli", "correct-horse-battery")))
            .ReadAsync<UserResource>(HttpStatusCode.Created);
        Assert.Equal(["All Local Users"], created.Groups);

        var updated = await (await admin.PatchJsonAsync($"/api/v1/groups/{Uri.EscapeDataString(group)}", new UpdateGroupRequest(AddUsers: [user])))
            .ReadAsync<GroupResource>();
        Assert.Equal([user], updated.Members);
        var binding = await (await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("PROJECT_ADMIN", Group: group, Project: project)))
            .ReadAsync<RoleBindingResource>(HttpStatusCode.Created);
        Assert.Equal(("project", project, group), (binding.Scope, binding.Project, binding.Group));

        var allowed = await admin.GetFromJsonAsync<CanIResponse>($"/api/v1/authz/can-i?user={user}&project={project}&permission=cluster.read", ApiCalls.Json);
        Assert.True(allowed!.Allowed);
        Assert.Contains($"via group '{group}'", allowed.Reason);
        var elsewhere = await admin.GetFromJsonAsync<CanIResponse>($"/api/v1/authz/can-i?user={user}&project={other}&permission=cluster.read", ApiCalls.Json);
        Assert.False(elsewhere!.Allowed);

        // The new user signs in and sees exactly the project they were given.
        using var virat = fixture.Server.Client(await fixture.Server.LoginAsync(user, "correct-horse-battery"));
        var projects = await virat.GetFromJsonAsync<ListResponse<ProjectResource>>("/api/v1/projects", ApiCalls.Json);
        Assert.Equal([project], projects!.Items.Select(p => p.Name));
        await (await virat.GetAsync($"/api/v1/projects/{other}")).ProblemAsync(HttpStatusCode.NotFound);

        // Removed from the group: the access is gone.
        await (await admin.PatchJsonAsync($"/api/v1/groups/{Uri.EscapeDataString(group)}", new UpdateGroupRequest(RemoveUsers: [user]))).ReadAsync<GroupResource>();
        var after = await admin.GetFromJsonAsync<CanIResponse>($"/api/v1/authz/can-i?user={user}&project={project}&permission=cluster.read", ApiCalls.Json);
        Assert.False(after!.Allowed);
    }

    [Fact]
    public async Task FirstStart_CreatesDefaultProject_BuiltInRolesAndGroups()
    {
        using var admin = fixture.Admin();
        var projects = await admin.GetFromJsonAsync<ListResponse<ProjectResource>>("/api/v1/projects?prefix=default", ApiCalls.Json);
        Assert.Contains(projects!.Items, p => p.Name == "default");

        var roles = await admin.GetFromJsonAsync<ListResponse<RoleResource>>("/api/v1/roles", ApiCalls.Json);
        var builtIn = roles!.Items.Where(r => r.BuiltIn).ToDictionary(r => r.Name, r => r.Scope);
        Assert.Equal(new Dictionary<string, string>
        {
            ["ADMIN"] = "organization", ["ADMIN_READ_ONLY"] = "organization",
            ["PROJECT_ADMIN"] = "project", ["PROJECT_READ_ONLY"] = "project", ["CLUSTER_ADMIN"] = "project",
            ["NAMESPACE_ADMIN"] = "namespace", ["NAMESPACE_READ_ONLY"] = "namespace",
        }, builtIn);
        var readOnly = roles.Items.Single(r => r.Name == "PROJECT_READ_ONLY");
        Assert.Contains("kubectl.cluster.read", readOnly.Permissions);
        Assert.DoesNotContain("kubectl.fullaccess", readOnly.Permissions);

        var groups = await admin.GetFromJsonAsync<ListResponse<GroupResource>>("/api/v1/groups", ApiCalls.Json);
        var admins = groups!.Items.Single(g => g.Name == "Organization Admins");
        Assert.Contains(fixture.Server.AdminUser, admins.Members);
        Assert.Contains(groups.Items, g => g.Name == "All Local Users" && g.Kind == "System");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void AdminPasswordFile_IsReadableByOwnerOnly()
    {
        var mode = File.GetUnixFileMode(fixture.Server.AdminPasswordFile);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        Assert.True(fixture.Server.AdminPassword.Length >= 20);
    }

    [Fact]
    public async Task CustomRole_FromNamedPermissions_CanBeBoundAtItsScope()
    {
        using var admin = fixture.Admin();
        var role = ApiCalls.Unique("clusterview");
        var created = await (await admin.PostAsJsonAsync("/api/v1/roles", new CreateRoleRequest(role, "project", ["project.read", "cluster.read"])))
            .ReadAsync<RoleResource>(HttpStatusCode.Created);
        Assert.Equal(["cluster.read", "project.read"], created.Permissions);
        Assert.False(created.BuiltIn);

        var user = ApiCalls.Unique("viewer") + "@example.com";
        await (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(user))).ReadAsync<UserResource>(HttpStatusCode.Created);
        var atOrganization = await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest(role, User: user));
        Assert.Contains("applies at project scope", await atOrganization.ProblemAsync(HttpStatusCode.BadRequest));
        await (await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest(role, User: user, Project: "default")))
            .ReadAsync<RoleBindingResource>(HttpStatusCode.Created);

        var inUse = await admin.DeleteAsync($"/api/v1/roles/{role}");
        Assert.Contains("used by 1 role binding", await inUse.ProblemAsync(HttpStatusCode.Conflict));
        await (await admin.DeleteAsync("/api/v1/roles/ADMIN")).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Lists_PageWithContinueTokens_InNameOrder()
    {
        using var admin = fixture.Admin();
        var prefix = ApiCalls.Unique("page");
        foreach (var i in Enumerable.Range(0, 5)) await (await admin.PostAsJsonAsync("/api/v1/projects", new CreateProjectRequest($"{prefix}-{i}"))).ReadAsync<ProjectResource>(HttpStatusCode.Created);

        var names = new List<string>();
        string? next = null;
        do
        {
            var page = await admin.GetFromJsonAsync<ListResponse<ProjectResource>>($"/api/v1/projects?prefix={prefix}&limit=2" + (next is null ? "" : $"&continue={next}"), ApiCalls.Json);
            Assert.True(page!.Items.Count <= 2);
            names.AddRange(page.Items.Select(p => p.Name));
            next = page.Continue;
        }
        while (next is not null);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{prefix}-{i}"), names);
    }
}
