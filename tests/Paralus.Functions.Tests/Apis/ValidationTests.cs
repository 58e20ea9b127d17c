using System.Net;
using System.Net.Http.Json;
using System.Text;
using Paralus.Core.Contracts;
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
