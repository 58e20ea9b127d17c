using System.Net;
using System.Net.Http.Json;
using System.Text;
using Paralus.Domain.Contracts;
using Paralus.Functions.Tests.Infrastructure;

namespace Paralus.Functions.Tests.Apis;

/// <summary>Client mistakes get precise problem+json answers, never a 500, and change nothing.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class ValidationTests(ControlPlaneFixture fixture)
{
    [Theory]
    [InlineData("AWS", "lower-case letters")]
    [InlineData("-aws", "starting and ending with a letter or digit")]
    [InlineData("a-very-long-project-name-that-goes-on-and-on-and-on-past-sixty-three", "at most 63")]
    [InlineData("", "required")]
    public async Task CreateProject_InvalidName_400WithReason(string name, string expected)
    {
        using var admin = fixture.Admin();
        var detail = await (await admin.PostAsJsonAsync("/api/v1/projects", new CreateProjectRequest(name))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(expected, detail);
    }

    [Fact]
    public async Task UnknownField_400NamesTheField()
    {
        using var admin = fixture.Admin();
        var response = await admin.PostAsync("/api/v1/projects", new StringContent("""{"name":"ok-name","colour":"blue"}""", Encoding.UTF8, "application/json"));
        Assert.Equal("unknown field 'colour' in the request body.", await response.ProblemAsync(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task MissingRequiredField_400NamesTheField()
    {
        using var admin = fixture.Admin();
        var response = await admin.PostAsync("/api/v1/groups", new StringContent("""{"description":"no name"}""", Encoding.UTF8, "application/json"));
        Assert.Contains("'name'", await response.ProblemAsync(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task MalformedJson_And_WrongContentType_AreClientErrors()
    {
        using var admin = fixture.Admin();
        await (await admin.PostAsync("/api/v1/projects", new StringContent("{\"name\":", Encoding.UTF8, "application/json"))).ProblemAsync(HttpStatusCode.BadRequest);
        var plain = await admin.PostAsync("/api/v1/projects", new StringContent("name=aws", Encoding.UTF8, "text/plain"));
        Assert.Contains("application/json", await plain.ProblemAsync(HttpStatusCode.UnsupportedMediaType));
    }

    [Fact]
    public async Task NullElements_And_DuplicateFields_400NamingTheField_OnRealResources()
    {
        using var admin = fixture.Admin();
        var group = ApiCalls.Unique("g");
        await (await admin.PostAsJsonAsync("/api/v1/groups", new CreateGroupRequest(group))).ReadAsync<GroupResource>(HttpStatusCode.Created);
        var project = ApiCalls.Unique("p");
        await (await admin.PostAsJsonAsync("/api/v1/projects", new CreateProjectRequest(project))).ReadAsync<ProjectResource>(HttpStatusCode.Created);
        var cluster = ApiCalls.Unique("c");
        await (await admin.PostAsJsonAsync("/api/v1/clusters", new CreateClusterRequest(cluster, project))).ReadAsync<ClusterResource>(HttpStatusCode.Created);

        async Task<string> Send(HttpMethod method, string path, string json) =>
            await (await admin.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") }))
                .ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal("field 'addUsers' must not contain null.", await Send(HttpMethod.Patch, $"/api/v1/groups/{group}", """{"addUsers":[null]}"""));
        Assert.Equal("field 'removeUsers' must not contain null.", await Send(HttpMethod.Patch, $"/api/v1/groups/{group}", """{"removeUsers":["x",null]}"""));
        Assert.Equal("field 'labels' must not contain null.", await Send(HttpMethod.Patch, $"/api/v1/clusters/{cluster}", """{"labels":{"a":null}}"""));
        Assert.Equal("field 'labels' must not contain null.", await Send(HttpMethod.Post, "/api/v1/clusters", $$$"""{"name":"{{{ApiCalls.Unique("c")}}}","project":"{{{project}}}","labels":{"a":null}}"""));
        Assert.Equal("field 'description' is given more than once.", await Send(HttpMethod.Patch, $"/api/v1/groups/{group}", """{"description":"a","description":"b"}"""));
        Assert.Equal("field 'labels' holds a key more than once.", await Send(HttpMethod.Patch, $"/api/v1/clusters/{cluster}", """{"labels":{"a":"1","a":"2"}}"""));
        Assert.Equal("field 'labels' has a value of the wrong type or the JSON is malformed there.", await Send(HttpMethod.Patch, $"/api/v1/clusters/{cluster}", """{"labels":["a"]}"""));
    }

    [Fact]
    public async Task OversizedBody_413()
    {
        using var admin = fixture.Admin();
        var huge = new CreateProjectRequest("big", new string('x', 200_000));
        await (await admin.PostAsJsonAsync("/api/v1/projects", huge)).ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task UnknownRole_And_UnknownPermission_AreNamed()
    {
        using var admin = fixture.Admin();
        var role = await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("SUPER_DUPER", User: fixture.Server.AdminUser));
        Assert.Contains("role 'SUPER_DUPER' does not exist", await role.ProblemAsync(HttpStatusCode.BadRequest));
        var permission = await admin.PostAsJsonAsync("/api/v1/roles", new CreateRoleRequest(ApiCalls.Unique("r"), "project", ["cluster.read", "cluster.fly"]));
        Assert.Contains("unknown permission(s): cluster.fly", await permission.ProblemAsync(HttpStatusCode.BadRequest));
        var scope = await admin.PostAsJsonAsync("/api/v1/roles", new CreateRoleRequest(ApiCalls.Unique("r"), "galaxy", ["cluster.read"]));
        Assert.Contains("use organization, project or namespace", await scope.ProblemAsync(HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("/api/v1/projects?limit=0", "limit")]
    [InlineData("/api/v1/projects?limit=100000", "limit")]
    [InlineData("/api/v1/users?continue=%%%", "continue")]
    [InlineData("/api/v1/projects?limit=abc", "limit")]
    [InlineData("/api/v1/audit/system?since=yesterday", "since")]
    [InlineData("/api/v1/authz/can-i?permission=cluster.fly", "cluster.fly")]
    public async Task BadQueryValues_400(string path, string mentioned)
    {
        using var admin = fixture.Admin();
        Assert.Contains(mentioned, await (await admin.GetAsync(path)).ProblemAsync(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Duplicates_409_AndNothingChanges()
    {
        using var admin = fixture.Admin();
        var name = ApiCalls.Unique("dup");
        await (await admin.PostAsJsonAsync("/api/v1/groups", new CreateGroupRequest(name, "first"))).ReadAsync<GroupResource>(HttpStatusCode.Created);
        var again = await admin.PostAsJsonAsync("/api/v1/groups", new CreateGroupRequest(name.ToUpperInvariant(), "second"));
        Assert.Contains("already exists", await again.ProblemAsync(HttpStatusCode.Conflict));
        var group = await admin.GetFromJsonAsync<GroupResource>($"/api/v1/groups/{name}", ApiCalls.Json);
        Assert.Equal("first", group!.Description);
    }

    [Fact]
    public async Task ProjectWithClusters_CannotBeDeleted()
    {
        using var admin = fixture.Admin();
        var project = ApiCalls.Unique("prod");
        await (await admin.PostAsJsonAsync("/api/v1/projects", new CreateProjectRequest(project))).ReadAsync<ProjectResource>(HttpStatusCode.Created);
        var cluster = ApiCalls.Unique("eks");
        await (await admin.PostAsJsonAsync("/api/v1/clusters", new CreateClusterRequest(cluster, project, Labels: new Dictionary<string, string> { ["env"] = "prod" })))
            .ReadAsync<ClusterResource>(HttpStatusCode.Created);

        var refused = await admin.DeleteAsync($"/api/v1/projects/{project}");
        Assert.Contains($"still has 1 cluster(s) ({cluster})", await refused.ProblemAsync(HttpStatusCode.Conflict));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/clusters/{cluster}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/projects/{project}")).StatusCode);
    }

    [Fact]
    public async Task Settings_DefaultsAndLimits()
    {
        using var admin = fixture.Admin();
        var settings = await admin.GetFromJsonAsync<OrganizationSettingsResource>("/api/v1/settings", ApiCalls.Json);
        Assert.Equal(8 * 3600, settings!.KubeconfigValiditySeconds);
        Assert.Equal(8 * 3600, settings.ServiceAccountInactivityTimeoutSeconds);
        Assert.Equal(90 * 86400, settings.AuditRetentionSeconds);

        var tooLong = await admin.PatchJsonAsync("/api/v1/settings", new UpdateOrganizationSettingsRequest(KubeconfigValiditySeconds: settings.KubeconfigMaxValiditySeconds + 1));
        Assert.Contains("kubeconfig validity must be between", await tooLong.ProblemAsync(HttpStatusCode.BadRequest));
    }
}
