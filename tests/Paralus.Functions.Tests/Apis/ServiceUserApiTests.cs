using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using Paralus.Domain.Certificates;
using Paralus.Domain.Contracts;
using Paralus.Functions.Tests.Infrastructure;
using static Paralus.Functions.Tests.Infrastructure.IssuedKubeconfigs;

namespace Paralus.Functions.Tests.Apis;

/// <summary>Service users: created, listed and deleted as users of kind Service; never signed in; given kubeconfigs by an administrator.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class ServiceUserApiTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task ServiceUser_IsCreatedListedByKindAndDeleted()
    {
        using var admin = fixture.Admin();
        var name = ApiCalls.Unique("argocd");

        var created = await (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(name, Kind: "service", Description: "deploys from git")))
            .ReadAsync<UserResource>(HttpStatusCode.Created);

        Assert.Equal((name, "Service", "deploys from git", true), (created.Name, created.Kind, created.Description, created.Active));
        Assert.Empty(created.Groups);
        var services = await admin.GetFromJsonAsync<ListResponse<UserResource>>("/api/v1/users?kind=service&limit=500", ApiCalls.Json);
        Assert.Contains(services!.Items, u => u.Name == name);
        Assert.All(services.Items, u => Assert.Equal("Service", u.Kind));
        var locals = await admin.GetFromJsonAsync<ListResponse<UserResource>>("/api/v1/users?kind=Local&limit=500", ApiCalls.Json);
        Assert.DoesNotContain(locals!.Items, u => u.Name == name);
        Assert.Contains(locals.Items, u => u.Name == fixture.Server.AdminUser);
        Assert.Contains("kind 'robot' is unknown", await (await admin.GetAsync("/api/v1/users?kind=robot")).ProblemAsync(HttpStatusCode.BadRequest));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/users/{name}")).StatusCode);
        await (await admin.GetAsync($"/api/v1/users/{name}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ServiceUser_TakesNoPassword_AndNoNameOfAnotherUser()
    {
        using var admin = fixture.Admin();
        var name = await CreateServiceUserAsync(admin);

        Assert.Contains("no password", await (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(ApiCalls.Unique("ci"), Password: "a-long-password", Kind: "Service")))
            .ProblemAsync(HttpStatusCode.BadRequest));
        Assert.Contains("service user", await (await admin.PatchJsonAsync($"/api/v1/users/{name}", new UpdateUserRequest(Password: "a-long-password")))
            .ProblemAsync(HttpStatusCode.BadRequest));
        await (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(name.ToUpperInvariant(), Password: "a-long-password"))).ProblemAsync(HttpStatusCode.Conflict);
        await (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(fixture.Server.AdminUser, Kind: "Service"))).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("cannot be created", await (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(ApiCalls.Unique("x"), Kind: "External")))
            .ProblemAsync(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Login_WithAServiceUsersName_AnswersExactlyLikeAnUnknownUser()
    {
        using var admin = fixture.Admin();
        var name = await CreateServiceUserAsync(admin);
        var unknown = ApiCalls.Unique("nobody");
        using var anonymous = fixture.Server.Client();

        using var service = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new LoginRequest(name, "any-password-at-all"));
        using var missing = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new LoginRequest(unknown, "any-password-at-all"));

        Assert.Equal(HttpStatusCode.Unauthorized, service.StatusCode);
        await ApiCalls.AssertSameAnswerAsync(service, name, missing, unknown);
    }

    [Fact]
    public async Task Kubeconfig_ForAServiceUser_ByAnAdministrator_CarriesItsCertificate_WithTheChosenValidity_AndIsAudited()
    {
        using var admin = fixture.Admin();
        var (project, cluster) = await CreateClusterAsync(admin);
        var name = await CreateServiceUserAsync(admin, "NAMESPACE_ADMIN", project);

        var before = DateTimeOffset.UtcNow;
        using var answer = await admin.PostAsJsonAsync("/api/v1/kubeconfig", new IssueKubeconfigRequest(ValiditySeconds: 7200, ServiceUser: name));
        var response = await answer.ReadAsync<KubeconfigResponse>();

        Assert.True(answer.Headers.CacheControl?.NoStore, "a response with a private key must not be cached");
        Assert.Equal(name, response.User);
        Assert.Equal([cluster], response.Clusters);
        Assert.InRange(response.ExpiresAt!.Value, before.AddHours(2).AddSeconds(-2), DateTimeOffset.UtcNow.AddHours(2));
        var (certificate, _) = Credentials(await KubectlViewAsync(response.Kubeconfig), name);
        Assert.Equal(name, certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        var check = await ValidateAsync(fixture.Server, certificate, name);
        Assert.True(check.IsValid, check.Reason);

        var audit = await admin.GetFromJsonAsync<ListResponse<SystemAuditEventResource>>($"/api/v1/audit/system?actor={fixture.Server.AdminUser}&action=kubeconfig.issue", ApiCalls.Json);
        var issued = Assert.Single(audit!.Items, e => e.Detail?.Contains(certificate.SerialNumber) == true);
        Assert.Equal(("success", $"kubeconfig/{name}"), (issued.Outcome, issued.Target));
        Assert.Contains($"service user {name}", issued.Detail);
        Assert.Contains("valid for 7200 s", issued.Detail);
    }

    [Fact]
    public async Task Kubeconfig_ForAServiceUser_BeyondTheMaximumValidity_Is400()
    {
        using var admin = fixture.Admin();
        var (project, _) = await CreateClusterAsync(admin);
        var name = await CreateServiceUserAsync(admin, "PROJECT_READ_ONLY", project);
        var settings = await admin.GetFromJsonAsync<OrganizationSettingsResource>("/api/v1/settings", ApiCalls.Json);

        var tooLong = new IssueKubeconfigRequest(ValiditySeconds: settings!.KubeconfigMaxValiditySeconds + 1, ServiceUser: name);
        var detail = await (await admin.PostAsJsonAsync("/api/v1/kubeconfig", tooLong)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains($"maximum kubeconfig validity of {settings.KubeconfigMaxValiditySeconds} seconds", detail);
    }

    [Fact]
    public async Task Kubeconfig_ForAServiceUser_ByANonAdministrator_Is403_WhetherOrNotItExists()
    {
        using var admin = fixture.Admin();
        var (project, _) = await CreateClusterAsync(admin);
        var name = await CreateServiceUserAsync(admin, "PROJECT_READ_ONLY", project);
        var person = ApiCalls.Unique("pa") + "@example.com";
        await (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(person, Password: "project-admin-password"))).ReadAsync<UserResource>(HttpStatusCode.Created);
        await (await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("PROJECT_ADMIN", User: person, Project: project))).ReadAsync<RoleBindingResource>(HttpStatusCode.Created);
        using var client = fixture.Server.Client(await fixture.Server.LoginAsync(person, "project-admin-password"));
        var ghost = ApiCalls.Unique("ghost");

        using var existing = await client.PostAsJsonAsync("/api/v1/kubeconfig", new IssueKubeconfigRequest(ServiceUser: name));
        using var missing = await client.PostAsJsonAsync("/api/v1/kubeconfig", new IssueKubeconfigRequest(ServiceUser: ghost));

        Assert.Equal(HttpStatusCode.Forbidden, existing.StatusCode);
        await ApiCalls.AssertSameAnswerAsync(existing, name, missing, ghost);
        var denials = await admin.GetFromJsonAsync<ListResponse<SystemAuditEventResource>>($"/api/v1/audit/system?actor={person}&action=kubeconfig.issue", ApiCalls.Json);
        Assert.Contains(denials!.Items, e => e.Outcome == "denied" && e.Target == $"kubeconfig/{name}");
    }

    [Fact]
    public async Task Kubeconfig_ForAPersonOrAMissingUserOrAsExec_IsRefused()
    {
        using var admin = fixture.Admin();
        var (project, cluster) = await CreateClusterAsync(admin);
        var name = await CreateServiceUserAsync(admin, "PROJECT_READ_ONLY", project);

        Assert.Contains("is not a service user", await (await admin.PostAsJsonAsync("/api/v1/kubeconfig", new IssueKubeconfigRequest(ServiceUser: fixture.Server.AdminUser)))
            .ProblemAsync(HttpStatusCode.BadRequest));
        await (await admin.PostAsJsonAsync("/api/v1/kubeconfig", new IssueKubeconfigRequest(ServiceUser: ApiCalls.Unique("ghost")))).ProblemAsync(HttpStatusCode.NotFound);
        await (await admin.PostAsJsonAsync("/api/v1/kubeconfig", new IssueKubeconfigRequest(cluster, Credential: "exec", ServiceUser: name))).ProblemAsync(HttpStatusCode.BadRequest);

        var (_, elsewhere) = await CreateClusterAsync(admin);
        Assert.Contains("has no role that reaches cluster", await (await admin.PostAsJsonAsync("/api/v1/kubeconfig", new IssueKubeconfigRequest(elsewhere, ServiceUser: name)))
            .ProblemAsync(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Kubeconfig_OfAServiceUser_Revoked_StopsWorking_AReissuedOneWorks_DeactivationEndsBoth()
    {
        using var admin = fixture.Admin();
        var (project, cluster) = await CreateClusterAsync(admin);
        var name = await CreateServiceUserAsync(admin, "PROJECT_READ_ONLY", project);
        var first = await IssueAsync(admin, cluster, name);

        var revoked = await (await admin.PostAsJsonAsync("/api/v1/kubeconfig/revoke", new RevokeKubeconfigRequest(name))).ReadAsync<RevokeKubeconfigResponse>();

        Assert.Equal(name, revoked.User);
        Assert.Equal(UserCertificateFailure.Revoked, (await ValidateAsync(fixture.Server, first, name)).Failure);
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // certificates carry whole seconds: the next one must start after the revocation
        var second = await IssueAsync(admin, cluster, name);
        Assert.True((await ValidateAsync(fixture.Server, second, name)).IsValid);

        await (await admin.PatchJsonAsync($"/api/v1/users/{name}", new UpdateUserRequest(Active: false))).ReadAsync<UserResource>();
        Assert.Equal(UserCertificateFailure.UserDeactivated, (await ValidateAsync(fixture.Server, second, name)).Failure);
        Assert.Contains("deactivated", await (await admin.PostAsJsonAsync("/api/v1/kubeconfig", new IssueKubeconfigRequest(cluster, ServiceUser: name))).ProblemAsync(HttpStatusCode.Conflict));
    }

    private async Task<X509Certificate2> IssueAsync(HttpClient admin, string cluster, string name)
    {
        var response = await (await admin.PostAsJsonAsync("/api/v1/kubeconfig", new IssueKubeconfigRequest(cluster, ServiceUser: name))).ReadAsync<KubeconfigResponse>();
        return Credentials(await KubectlViewAsync(response.Kubeconfig), name).Certificate;
    }

    private static async Task<string> CreateServiceUserAsync(HttpClient admin, string? role = null, string? project = null)
    {
        var name = ApiCalls.Unique("svc");
        await (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(name, Kind: "Service"))).ReadAsync<UserResource>(HttpStatusCode.Created);
        if (role is not null)
        {
            var binding = new CreateRoleBindingRequest(role, User: name, Project: project, Namespace: role.StartsWith("NAMESPACE_", StringComparison.Ordinal) ? "apple" : null);
            await (await admin.PostAsJsonAsync("/api/v1/rolebindings", binding)).ReadAsync<RoleBindingResource>(HttpStatusCode.Created);
        }
        return name;
    }

    private static async Task<(string Project, string Cluster)> CreateClusterAsync(HttpClient admin)
    {
        var project = ApiCalls.Unique("svc");
        var cluster = ApiCalls.Unique("c");
        await (await admin.PostAsJsonAsync("/api/v1/projects", new CreateProjectRequest(project))).ReadAsync<ProjectResource>(HttpStatusCode.Created);
        await (await admin.PostAsJsonAsync("/api/v1/clusters", new CreateClusterRequest(cluster, project))).ReadAsync<ClusterResource>(HttpStatusCode.Created);
        return (project, cluster);
    }
}
