using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Paralus.Domain.Certificates;
using Paralus.Domain.Contracts;
using Paralus.Domain.Model;
using Paralus.Functions.Configuration;
using Paralus.Functions.Tests.Infrastructure;
using static Paralus.Functions.Tests.Infrastructure.IssuedKubeconfigs;
using Paralus.Infrastructure.Storage;

namespace Paralus.Functions.Tests.Apis;

/// <summary>Kubeconfig issuing and revocation, checked with the real kubectl and the validator the relay will use.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class KubeconfigApiTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task Issue_AsAdmin_GivesAKubeconfigKubectlAccepts_WithACertificateOfTheUserAuthority()
    {
        using var admin = fixture.Admin();
        var (_, cluster) = await CreateClusterAsync(admin);

        using var answer = await admin.PostAsJsonAsync("/api/v1/kubeconfig", new IssueKubeconfigRequest(cluster));
        var response = await answer.ReadAsync<KubeconfigResponse>();

        Assert.True(answer.Headers.CacheControl?.NoStore, "a response with a private key must not be cached");
        var config = await KubectlViewAsync(response.Kubeconfig);
        var entry = config.GetProperty("clusters").EnumerateArray().Single();
        Assert.Equal(cluster, entry.GetProperty("name").GetString());
        Assert.Equal($"https://127.0.0.1:7443/clusters/{cluster}", entry.GetProperty("cluster").GetProperty("server").GetString());
        // No relay CA is configured for the shared fixture: the field is left out, not empty.
        Assert.False(entry.GetProperty("cluster").TryGetProperty("certificate-authority-data", out _));
        Assert.Equal(cluster, config.GetProperty("current-context").GetString());
        var context = config.GetProperty("contexts").EnumerateArray().Single();
        Assert.Equal((cluster, cluster, fixture.Server.AdminUser), (context.GetProperty("name").GetString(), context.GetProperty("context").GetProperty("cluster").GetString(), context.GetProperty("context").GetProperty("user").GetString()));

        var (certificate, key) = Credentials(config, fixture.Server.AdminUser);
        Assert.Equal(fixture.Server.AdminUser, certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        Assert.Equal(new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero), response.ExpiresAt);
        using (var paired = certificate.CopyWithPrivateKey(key)) Assert.True(paired.HasPrivateKey);
        var check = await ValidateAsync(fixture.Server, certificate, fixture.Server.AdminUser);
        Assert.True(check.IsValid, check.Reason);

        var audit = await admin.GetFromJsonAsync<ListResponse<SystemAuditEventResource>>($"/api/v1/audit/system?actor={fixture.Server.AdminUser}&action=kubeconfig.issue", ApiCalls.Json);
        var issued = Assert.Single(audit!.Items, e => e.Detail?.Contains(certificate.SerialNumber) == true);
        Assert.Equal("success", issued.Outcome);
        Assert.DoesNotContain("PRIVATE", issued.Detail);
    }

    [Fact]
    public async Task Issue_ForAClusterOutOfSight_Is404LikeAMissingOne_AndItIsNotInTheFullKubeconfig()
    {
        using var admin = fixture.Admin();
        var (mine, visible) = await CreateClusterAsync(admin);
        var (_, hidden) = await CreateClusterAsync(admin);
        var (sally, password) = await CreateUserAsync(admin, "PROJECT_READ_ONLY", mine);
        using var client = fixture.Server.Client(await fixture.Server.LoginAsync(sally, password));

        var hiddenAnswer = await (await client.PostAsJsonAsync("/api/v1/kubeconfig", new IssueKubeconfigRequest(hidden))).ProblemAsync(HttpStatusCode.NotFound);
        var missingAnswer = await (await client.PostAsJsonAsync("/api/v1/kubeconfig", new IssueKubeconfigRequest("never-existed"))).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(hiddenAnswer.Replace(hidden, "X"), missingAnswer.Replace("never-existed", "X"));

        var all = await (await client.PostAsJsonAsync("/api/v1/kubeconfig", new IssueKubeconfigRequest())).ReadAsync<KubeconfigResponse>();
        Assert.Equal([visible], all.Clusters);
        var config = await KubectlViewAsync(all.Kubeconfig);
        Assert.Equal([visible], config.GetProperty("clusters").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(sally, Credentials(config, sally).Certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
    }

    [Fact]
    public async Task Issue_WithoutACluster_WritesAContextPerCluster_AndMakesAConnectedOneCurrent()
    {
        using var admin = fixture.Admin();
        var (project, pending) = await CreateClusterAsync(admin);
        var connected = "z" + ApiCalls.Unique("c");
        var created = await (await admin.PostAsJsonAsync("/api/v1/clusters", new CreateClusterRequest(connected, project))).ReadAsync<ClusterResource>(HttpStatusCode.Created);
        var organization = fixture.Server.Services.GetRequiredService<ServedOrganization>().Id;
        await fixture.Server.Services.GetRequiredService<ClusterPresenceLog>().ReportAsync(organization, created.Id, "relay-0", DateTimeOffset.UtcNow, CancellationToken.None);
        var (dora, password) = await CreateUserAsync(admin, "PROJECT_READ_ONLY", project);
        using var client = fixture.Server.Client(await fixture.Server.LoginAsync(dora, password));

        var issued = await (await client.PostAsJsonAsync("/api/v1/kubeconfig", new IssueKubeconfigRequest())).ReadAsync<KubeconfigResponse>();

        // Sorted by name, the Pending cluster comes first; kubectl must not start on a cluster that cannot answer.
        Assert.Equal([pending, connected], issued.Clusters);
        Assert.Equal(connected, issued.CurrentContext);
        var view = await KubectlViewAsync(issued.Kubeconfig);
        Assert.Equal(connected, view.GetProperty("current-context").GetString());
        Assert.Equal([pending, connected], view.GetProperty("contexts").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        // Each cluster is named in TLS too, for clients whose absolute paths lose the /clusters/<name> prefix.
        Assert.Equal([$"{pending}.clusters.paralus.internal", $"{connected}.clusters.paralus.internal"],
            view.GetProperty("clusters").EnumerateArray().Select(c => c.GetProperty("cluster").GetProperty("tls-server-name").GetString()));
    }

    [Fact]
    public async Task Issue_WithinTheMaximum_SetsTheValidity_BeyondIt_Is400()
    {
        using var admin = fixture.Admin();
        var (_, cluster) = await CreateClusterAsync(admin);
        var settings = await admin.GetFromJsonAsync<OrganizationSettingsResource>("/api/v1/settings", ApiCalls.Json);

        var before = DateTimeOffset.UtcNow;
        var hour = await (await admin.PostAsJsonAsync("/api/v1/kubeconfig", new IssueKubeconfigRequest(cluster, 3600))).ReadAsync<KubeconfigResponse>();
        Assert.InRange(hour.ExpiresAt!.Value, before.AddHours(1).AddSeconds(-2), DateTimeOffset.UtcNow.AddHours(1));

        var tooLong = new IssueKubeconfigRequest(cluster, settings!.KubeconfigMaxValiditySeconds + 1);
        var detail = await (await admin.PostAsJsonAsync("/api/v1/kubeconfig", tooLong)).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains($"maximum kubeconfig validity of {settings.KubeconfigMaxValiditySeconds} seconds", detail);
    }

    [Fact]
    public async Task Revoke_Yourself_VoidsEarlierCertificatesAndSessions()
    {
        using var admin = fixture.Admin();
        var (cluster, bob, password, client, certificate) = await ReaderWithKubeconfigAsync(admin);
        using var _ = client;
        Assert.True((await ValidateAsync(fixture.Server, certificate, bob)).IsValid);

        var revoked = await (await client.PostAsJsonAsync("/api/v1/kubeconfig/revoke", new RevokeKubeconfigRequest())).ReadAsync<RevokeKubeconfigResponse>();

        Assert.Equal(bob, revoked.User);
        var user = await UserAsync(fixture.Server, bob);
        Assert.Equal(revoked.CredentialsRevokedBefore, user!.CredentialsRevokedBefore);
        Assert.Equal(UserCertificateFailure.Revoked, (await ValidateAsync(fixture.Server, certificate, bob)).Failure);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/v1/kubeconfig", new IssueKubeconfigRequest(cluster))).StatusCode);
        // The password survives: bob signs in again (a second later, past the one-second precision of issue times).
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        using var again = fixture.Server.Client(await fixture.Server.LoginAsync(bob, password));
        await (await again.PostAsJsonAsync("/api/v1/kubeconfig", new IssueKubeconfigRequest(cluster))).ReadAsync<KubeconfigResponse>();
    }

    /// <summary>Security review, issue 14 item 6: a password change used to end nothing.</summary>
    [Fact]
    public async Task PasswordChange_ByAnAdministrator_VoidsEarlierCertificatesAndSessions_ButNotApiKeys()
    {
        using var admin = fixture.Admin();
        var (cluster, bob, password, client, certificate) = await ReaderWithKubeconfigAsync(admin);
        using var _ = client;
        var key = await (await client.PostAsJsonAsync("/api/v1/apikeys", new CreateApiKeyRequest("bob's ci"))).ReadAsync<CreatedApiKeyResponse>(HttpStatusCode.Created);

        await (await admin.PatchJsonAsync($"/api/v1/users/{bob}", new UpdateUserRequest(Password: "a-brand-new-password"))).ReadAsync<UserResource>();

        Assert.Contains("revoked", await (await client.GetAsync("/api/v1/auth/whoami")).ProblemAsync(HttpStatusCode.Unauthorized));
        Assert.Equal(UserCertificateFailure.Revoked, (await ValidateAsync(fixture.Server, certificate, bob)).Failure);
        using var automation = fixture.Server.Client(key.Key);
        await (await automation.GetAsync("/api/v1/auth/whoami")).ReadAsync<WhoAmIResponse>();
        using var anonymous = fixture.Server.Client();
        await (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new LoginRequest(bob, password))).ProblemAsync(HttpStatusCode.Unauthorized);
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        using var again = fixture.Server.Client(await fixture.Server.LoginAsync(bob, "a-brand-new-password"));
        await (await again.PostAsJsonAsync("/api/v1/kubeconfig", new IssueKubeconfigRequest(cluster))).ReadAsync<KubeconfigResponse>();
    }

    /// <summary>The session a user changed their own password with ends too: the CLI tells them to sign in again.</summary>
    [Fact]
    public async Task PasswordChange_OfYourOwn_EndsTheSessionItWasMadeWith()
    {
        using var admin = fixture.Admin();
        var carol = ApiCalls.Unique("carol") + "@example.com";
        const string password = "carols-old-password";
        await (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(carol, Password: password))).ReadAsync<UserResource>(HttpStatusCode.Created);
        await (await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("ADMIN", User: carol))).ReadAsync<RoleBindingResource>(HttpStatusCode.Created);
        using var client = fixture.Server.Client(await fixture.Server.LoginAsync(carol, password));

        await (await client.PatchJsonAsync($"/api/v1/users/{carol}", new UpdateUserRequest(Password: "carols-new-password"))).ReadAsync<UserResource>();

        Assert.Contains("revoked", await (await client.GetAsync("/api/v1/auth/whoami")).ProblemAsync(HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Revoke_WithIncludeApiKeys_DeletesTheUsersKeys_WithoutItKeepsThem()
    {
        using var admin = fixture.Admin();
        var (project, _) = await CreateClusterAsync(admin);
        var (dora, password) = await CreateUserAsync(admin, "PROJECT_READ_ONLY", project);
        using var client = fixture.Server.Client(await fixture.Server.LoginAsync(dora, password));
        var key = await (await client.PostAsJsonAsync("/api/v1/apikeys", new CreateApiKeyRequest())).ReadAsync<CreatedApiKeyResponse>(HttpStatusCode.Created);
        using var automation = fixture.Server.Client(key.Key);

        var kept = await (await admin.PostAsJsonAsync("/api/v1/kubeconfig/revoke", new RevokeKubeconfigRequest(dora))).ReadAsync<RevokeKubeconfigResponse>();
        Assert.Equal(0, kept.DeletedApiKeys);
        await (await automation.GetAsync("/api/v1/auth/whoami")).ReadAsync<WhoAmIResponse>();

        var deleted = await (await admin.PostAsJsonAsync("/api/v1/kubeconfig/revoke", new RevokeKubeconfigRequest(dora, IncludeApiKeys: true))).ReadAsync<RevokeKubeconfigResponse>();
        Assert.Equal(1, deleted.DeletedApiKeys);
        await (await automation.GetAsync("/api/v1/auth/whoami")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Revoke_AnotherUser_NeedsOrganizationPermission()
    {
        using var admin = fixture.Admin();
        var (project, _) = await CreateClusterAsync(admin);
        var (sally, password) = await CreateUserAsync(admin, "PROJECT_ADMIN", project);
        using var client = fixture.Server.Client(await fixture.Server.LoginAsync(sally, password));
        // The admin's first sign-in changed the generated password, which set a revocation mark of its own.
        var before = (await UserAsync(fixture.Server, fixture.Server.AdminUser))!.CredentialsRevokedBefore;

        var detail = await (await client.PostAsJsonAsync("/api/v1/kubeconfig/revoke", new RevokeKubeconfigRequest(fixture.Server.AdminUser))).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("may not kubeconfig.write", detail);
        Assert.Equal(before, (await UserAsync(fixture.Server, fixture.Server.AdminUser))!.CredentialsRevokedBefore);
        var denials = await admin.GetFromJsonAsync<ListResponse<SystemAuditEventResource>>($"/api/v1/audit/system?actor={sally}&action=kubeconfig.revoke", ApiCalls.Json);
        Assert.Contains(denials!.Items, e => e.Outcome == "denied" && e.Target == $"kubeconfig/{fixture.Server.AdminUser}");

        var revoked = await (await admin.PostAsJsonAsync("/api/v1/kubeconfig/revoke", new RevokeKubeconfigRequest(sally))).ReadAsync<RevokeKubeconfigResponse>();
        Assert.Equal(revoked.CredentialsRevokedBefore, (await UserAsync(fixture.Server, sally))!.CredentialsRevokedBefore);
        await (await admin.PostAsJsonAsync("/api/v1/kubeconfig/revoke", new RevokeKubeconfigRequest("nobody@example.com"))).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ConfiguredRelay_GoesIntoTheKubeconfig_AndTheAuthoritiesLiveInTheConfiguredFolder()
    {
        var state = Directory.CreateTempSubdirectory("paralus-kubeconfig-").FullName;
        using var relayKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var relayCa = new CertificateRequest("CN=Relay CA", relayKey, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1)).ExportCertificatePem();
        await File.WriteAllTextAsync(Path.Combine(state, "relay-ca.pem"), relayCa);
        await using var server = await ControlPlaneServer.StartAsync(fixture.Azurite, "k" + Guid.NewGuid().ToString("N")[..10], state, new Dictionary<string, string?>
        {
            ["Paralus:Certificates:Folder"] = Path.Combine(state, "ca"),
            ["Paralus:Kubeconfig:RelayUrl"] = "https://relay.example.test:8443/",
            ["Paralus:Kubeconfig:RelayCaFile"] = Path.Combine(state, "relay-ca.pem"),
        });
        using var admin = server.Client(await server.LoginAsAdminAsync());
        await (await admin.PostAsJsonAsync("/api/v1/clusters", new CreateClusterRequest("edge", Project.DefaultName))).ReadAsync<ClusterResource>(HttpStatusCode.Created);

        var response = await (await admin.PostAsJsonAsync("/api/v1/kubeconfig", new IssueKubeconfigRequest())).ReadAsync<KubeconfigResponse>();

        var entry = (await KubectlViewAsync(response.Kubeconfig)).GetProperty("clusters").EnumerateArray().Single().GetProperty("cluster");
        Assert.Equal("https://relay.example.test:8443/clusters/edge", entry.GetProperty("server").GetString());
        Assert.Equal(relayCa, Encoding.ASCII.GetString(Convert.FromBase64String(entry.GetProperty("certificate-authority-data").GetString()!)));
        var authorities = server.Services.GetRequiredService<CertificateAuthorities>();
        Assert.Equal("CN=Paralus User CA", authorities.User.Certificate.Subject);
        Assert.Equal("CN=Paralus Agent CA", authorities.Agent.Certificate.Subject);
        foreach (var name in new[] { "user", "agent" })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(state, "ca", $"{name}-ca.key")));
        }
    }

    /// <summary>A PROJECT_READ_ONLY user of a new cluster, signed in, and the certificate of the kubeconfig they were issued.</summary>
    private async Task<(string Cluster, string User, string Password, HttpClient Client, X509Certificate2 Certificate)> ReaderWithKubeconfigAsync(HttpClient admin)
    {
        var (project, cluster) = await CreateClusterAsync(admin);
        var (user, password) = await CreateUserAsync(admin, "PROJECT_READ_ONLY", project);
        var client = fixture.Server.Client(await fixture.Server.LoginAsync(user, password));
        var kubeconfig = await (await client.PostAsJsonAsync("/api/v1/kubeconfig", new IssueKubeconfigRequest(cluster))).ReadAsync<KubeconfigResponse>();
        return (cluster, user, password, client, Credentials(await KubectlViewAsync(kubeconfig.Kubeconfig), user).Certificate);
    }

    private static async Task<(string Project, string Cluster)> CreateClusterAsync(HttpClient admin)
    {
        var project = ApiCalls.Unique("kc");
        var cluster = ApiCalls.Unique("c");
        await (await admin.PostAsJsonAsync("/api/v1/projects", new CreateProjectRequest(project))).ReadAsync<ProjectResource>(HttpStatusCode.Created);
        await (await admin.PostAsJsonAsync("/api/v1/clusters", new CreateClusterRequest(cluster, project))).ReadAsync<ClusterResource>(HttpStatusCode.Created);
        return (project, cluster);
    }

    private static async Task<(string User, string Password)> CreateUserAsync(HttpClient admin, string role, string project)
    {
        var user = ApiCalls.Unique("kc") + "@example.com";
        const string password = "kubeconfig-password";
        await (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(user, Password: password))).ReadAsync<UserResource>(HttpStatusCode.Created);
        await (await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest(role, User: user, Project: project))).ReadAsync<RoleBindingResource>(HttpStatusCode.Created);
        return (user, password);
    }
}
