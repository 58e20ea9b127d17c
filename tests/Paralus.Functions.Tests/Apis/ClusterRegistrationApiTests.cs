using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Paralus.Domain.Certificates;
using Paralus.Domain.Contracts;
using Paralus.Functions.Tests.Infrastructure;

namespace Paralus.Functions.Tests.Apis;

/// <summary>Bootstrap tokens, agent registration and certificate renewal against the real control plane and Azurite.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class ClusterRegistrationApiTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task Bootstrap_ReturnsAManifestKubectlParses_AndStoresOnlyTheTokenHash()
    {
        var (_, name) = await CreateClusterAsync();
        using var admin = fixture.Admin();

        var bootstrap = await (await admin.PostAsync($"/api/v1/clusters/{name}/bootstrap", null)).ReadAsync<ClusterBootstrapResponse>();

        Assert.Equal(43, bootstrap.Token.Length);
        Assert.InRange(bootstrap.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
        var objects = await KubectlParseAsync(bootstrap.Manifest);
        Assert.Equal(
            ["namespace/paralus-system", "serviceaccount/paralus-agent", "clusterrole.rbac.authorization.k8s.io/paralus-agent",
             "clusterrolebinding.rbac.authorization.k8s.io/paralus-agent", "role.rbac.authorization.k8s.io/paralus-agent",
             "rolebinding.rbac.authorization.k8s.io/paralus-agent", "configmap/paralus-agent", "secret/paralus-agent-registration",
             "deployment.apps/paralus-agent"],
            objects);
        Assert.Contains(bootstrap.Token, bootstrap.Manifest);
        Assert.Contains("escalate", bootstrap.Manifest);

        var rows = await RawTableRows.ReadAsync(fixture.Azurite.ConnectionString);
        Assert.DoesNotContain(rows, r => r.Strings.Any(v => v.Contains(bootstrap.Token, StringComparison.Ordinal)));
        Assert.Contains(rows, r => r.Strings.Any(v => v.Contains(Domain.Clusters.RegistrationTokens.Hash(bootstrap.Token), StringComparison.Ordinal)));
        var audit = await admin.GetFromJsonAsync<ListResponse<SystemAuditEventResource>>($"/api/v1/audit/system?action=cluster.bootstrap", ApiCalls.Json);
        Assert.Contains(audit!.Items, e => e.Target == $"cluster/{name}" && e.Outcome == "success");
    }

    [Fact]
    public async Task Register_SignsTheCsrForTheCluster_AndTheTokenWorksOnce()
    {
        var (id, name) = await CreateClusterAsync();
        var token = await BootstrapAsync(name);
        using var anonymous = fixture.Server.Client();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var fingerprint = ApiCalls.Unique("uid");
        var registered = await (await anonymous.PostAsJsonAsync("/api/v1/clusters/register",
            new RegisterClusterRequest(token, Csr(key), fingerprint, "1.2.3", "v1.32.0"))).ReadAsync<RegisterClusterResponse>();

        Assert.Equal(id, registered.ClusterId);
        using var certificate = X509Certificate2.CreateFromPem(registered.CertificatePem);
        Assert.Equal(id, certificate.GetNameInfo(X509NameType.SimpleName, false));
        Assert.True(ChainsToAgentAuthority(certificate));
        Assert.NotEmpty(registered.Relays);
        using var admin = fixture.Admin();
        var cluster = await admin.GetFromJsonAsync<ClusterResource>($"/api/v1/clusters/{name}", ApiCalls.Json);
        Assert.Equal(("Registered", "1.2.3", "v1.32.0"), (cluster!.Status.Phase, cluster.Status.AgentVersion, cluster.Status.KubernetesVersion));

        // Single use, from this cluster or any other.
        var again = await anonymous.PostAsJsonAsync("/api/v1/clusters/register", new RegisterClusterRequest(token, Csr(key), fingerprint));
        Assert.Contains("already used", await again.ProblemAsync(HttpStatusCode.Unauthorized));
        Assert.Equal("Unauthorized", await TitleOf(again));
        Assert.Contains("already used", await (await anonymous.PostAsJsonAsync("/api/v1/clusters/register",
            new RegisterClusterRequest(token, Csr(key), "uid-b"))).ProblemAsync(HttpStatusCode.Unauthorized));
        await (await anonymous.PostAsJsonAsync("/api/v1/clusters/register",
            new RegisterClusterRequest("not-a-token", Csr(key), "uid-a"))).ProblemAsync(HttpStatusCode.Unauthorized);
        var audit = await admin.GetFromJsonAsync<ListResponse<SystemAuditEventResource>>($"/api/v1/audit/system?actor=agent:{name}", ApiCalls.Json);
        Assert.Contains(audit!.Items, e => e is { Action: "cluster.register", Outcome: "success" });
        Assert.Contains(audit.Items, e => e is { Action: "cluster.register", Outcome: "denied" });
    }

    [Fact]
    public async Task Register_FromAnotherKubernetesCluster_IsRefused_EvenWithAFreshToken()
    {
        var (_, name) = await CreateClusterAsync();
        var first = ApiCalls.Unique("uid");
        using var anonymous = fixture.Server.Client();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await (await anonymous.PostAsJsonAsync("/api/v1/clusters/register",
            new RegisterClusterRequest(await BootstrapAsync(name), Csr(key), first))).ReadAsync<RegisterClusterResponse>();

        var fresh = await BootstrapAsync(name);
        var response = await anonymous.PostAsJsonAsync("/api/v1/clusters/register", new RegisterClusterRequest(fresh, Csr(key), ApiCalls.Unique("uid")));
        var refusal = await response.ProblemAsync(HttpStatusCode.Forbidden);

        Assert.Contains("already registered from another Kubernetes cluster", refusal);
        Assert.Equal("Forbidden", await TitleOf(response));
        // The same Kubernetes cluster may register again (a reinstalled agent) with that still unused token.
        await (await anonymous.PostAsJsonAsync("/api/v1/clusters/register", new RegisterClusterRequest(fresh, Csr(key), first))).ReadAsync<RegisterClusterResponse>();
    }

    [Fact]
    public async Task Register_FromAKubernetesClusterImportedAsAnotherCluster_IsRefused_AndTheTokenStaysUnused()
    {
        // Two agents in one Kubernetes cluster would manage the same JIT service accounts for different projects.
        var fingerprint = ApiCalls.Unique("uid");
        var (_, first) = await CreateClusterAsync();
        var (_, second) = await CreateClusterAsync();
        using var anonymous = fixture.Server.Client();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await (await anonymous.PostAsJsonAsync("/api/v1/clusters/register",
            new RegisterClusterRequest(await BootstrapAsync(first), Csr(key), fingerprint))).ReadAsync<RegisterClusterResponse>();

        var token = await BootstrapAsync(second);
        var response = await anonymous.PostAsJsonAsync("/api/v1/clusters/register", new RegisterClusterRequest(token, Csr(key), fingerprint));
        var refusal = await response.ProblemAsync(HttpStatusCode.Conflict);

        // The other cluster may be in a project the agent's installer cannot see: the answer does not name it, the audit does.
        Assert.Contains("already registered as another cluster", refusal);
        Assert.DoesNotContain(first, refusal);
        Assert.Equal("Conflict", await TitleOf(response));
        using var admin = fixture.Admin();
        Assert.Equal("Pending", (await admin.GetFromJsonAsync<ClusterResource>($"/api/v1/clusters/{second}", ApiCalls.Json))!.Status.Phase);
        var audit = await admin.GetFromJsonAsync<ListResponse<SystemAuditEventResource>>($"/api/v1/audit/system?actor=agent:{second}", ApiCalls.Json);
        Assert.Contains(audit!.Items, e => e is { Action: "cluster.register", Outcome: "denied" } && e.Detail!.Contains($"already registered as cluster '{first}'"));
        // The token was not spent: the same manifest works in a Kubernetes cluster of its own.
        await (await anonymous.PostAsJsonAsync("/api/v1/clusters/register", new RegisterClusterRequest(token, Csr(key), ApiCalls.Unique("uid"))))
            .ReadAsync<RegisterClusterResponse>();
    }

    [Fact]
    public async Task Bootstrap_ReplacesThePreviousToken()
    {
        var (_, name) = await CreateClusterAsync();
        var first = await BootstrapAsync(name);
        await BootstrapAsync(name);
        using var anonymous = fixture.Server.Client();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.Contains("not known", await (await anonymous.PostAsJsonAsync("/api/v1/clusters/register",
            new RegisterClusterRequest(first, Csr(key), "uid-a"))).ProblemAsync(HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Register_WithAnExpiredToken_IsRefused()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await ControlPlaneServer.StartAsync(fixture.Azurite, "x" + Guid.NewGuid().ToString("N")[..10],
            settings: new Dictionary<string, string?> { ["Paralus:Registration:TokenLifetime"] = "00:05:00" }, time: time);
        using var admin = server.Client(await server.LoginAsAdminAsync());
        await (await admin.PostAsJsonAsync("/api/v1/projects", new CreateProjectRequest("p"))).ReadAsync<ProjectResource>(HttpStatusCode.Created);
        await (await admin.PostAsJsonAsync("/api/v1/clusters", new CreateClusterRequest("c", "p"))).ReadAsync<ClusterResource>(HttpStatusCode.Created);
        var bootstrap = await (await admin.PostAsync("/api/v1/clusters/c/bootstrap", null)).ReadAsync<ClusterBootstrapResponse>();
        Assert.Equal(time.GetUtcNow().AddMinutes(5), bootstrap.ExpiresAt);

        time.Advance(TimeSpan.FromMinutes(6));
        using var anonymous = server.Client();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.Contains("expired", await (await anonymous.PostAsJsonAsync("/api/v1/clusters/register",
            new RegisterClusterRequest(bootstrap.Token, Csr(key), "uid-a"))).ProblemAsync(HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Renew_WithTheCertificatesKey_IssuesANewCertificate_AndWithAnotherKeyIsRefused()
    {
        var (id, name) = await CreateClusterAsync();
        using var anonymous = fixture.Server.Client();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var registered = await (await anonymous.PostAsJsonAsync("/api/v1/clusters/register",
            new RegisterClusterRequest(await BootstrapAsync(name), Csr(key), ApiCalls.Unique("uid")))).ReadAsync<RegisterClusterResponse>();

        var renewed = await (await anonymous.PostAsJsonAsync("/api/v1/clusters/renew",
            new RenewAgentCertificateRequest(registered.CertificatePem, Csr(key)))).ReadAsync<RenewAgentCertificateResponse>();
        using var certificate = X509Certificate2.CreateFromPem(renewed.CertificatePem);
        Assert.Equal((id, id), (renewed.ClusterId, certificate.GetNameInfo(X509NameType.SimpleName, false)));
        Assert.True(ChainsToAgentAuthority(certificate));
        Assert.NotEqual(registered.CertificatePem, renewed.CertificatePem);

        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await (await anonymous.PostAsJsonAsync("/api/v1/clusters/renew", new RenewAgentCertificateRequest(registered.CertificatePem, Csr(other)))).ProblemAsync(HttpStatusCode.Forbidden);
        using var stranger = SelfSigned(key, id);
        await (await anonymous.PostAsJsonAsync("/api/v1/clusters/renew", new RenewAgentCertificateRequest(stranger.ExportCertificatePem(), Csr(key)))).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task NamespaceAdmin_CannotBootstrap()
    {
        var (_, name) = await CreateClusterAsync();
        using var admin = fixture.Admin();
        var project = (await admin.GetFromJsonAsync<ClusterResource>($"/api/v1/clusters/{name}", ApiCalls.Json))!.Project;
        var sally = ApiCalls.Unique("sally") + "@example.com";
        await (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(sally, Password: "sally-password"))).ReadAsync<UserResource>(HttpStatusCode.Created);
        await (await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("NAMESPACE_ADMIN", User: sally, Project: project, Namespace: "apple")))
            .ReadAsync<RoleBindingResource>(HttpStatusCode.Created);
        using var client = fixture.Server.Client(await fixture.Server.LoginAsync(sally, "sally-password"));

        var refusal = await (await client.PostAsync($"/api/v1/clusters/{name}/bootstrap", null)).ProblemAsync(HttpStatusCode.Forbidden);

        Assert.Contains("may not cluster.write", refusal);
        var audit = await admin.GetFromJsonAsync<ListResponse<SystemAuditEventResource>>($"/api/v1/audit/system?actor={sally}", ApiCalls.Json);
        Assert.Contains(audit!.Items, e => e is { Action: "cluster.bootstrap", Outcome: "denied" });
    }

    private async Task<(string Id, string Name)> CreateClusterAsync()
    {
        using var admin = fixture.Admin();
        var project = ApiCalls.Unique("reg");
        await (await admin.PostAsJsonAsync("/api/v1/projects", new CreateProjectRequest(project))).ReadAsync<ProjectResource>(HttpStatusCode.Created);
        var name = ApiCalls.Unique("cluster");
        var cluster = await (await admin.PostAsJsonAsync("/api/v1/clusters", new CreateClusterRequest(name, project))).ReadAsync<ClusterResource>(HttpStatusCode.Created);
        return (cluster.Id, name);
    }

    private async Task<string> BootstrapAsync(string name)
    {
        using var admin = fixture.Admin();
        return (await (await admin.PostAsync($"/api/v1/clusters/{name}/bootstrap", null)).ReadAsync<ClusterBootstrapResponse>()).Token;
    }

    /// <summary>The problem's title, which clients show beside the status.</summary>
    private static async Task<string?> TitleOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString();

    private static string Csr(ECDsa key) => new CertificateRequest("CN=agent", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();

    private static X509Certificate2 SelfSigned(ECDsa key, string commonName) =>
        new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));

    private bool ChainsToAgentAuthority(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(fixture.Server.Services.GetRequiredService<CertificateAuthorities>().Agent.Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    /// <summary>kubectl reads every document without a server (<c>--local</c>); returns the objects it found.</summary>
    private static async Task<string[]> KubectlParseAsync(string manifest)
    {
        var start = new ProcessStartInfo("/usr/bin/kubectl") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "annotate", "--local", "-f", "-", "-o", "name", "paralus.dev/checked=yes" }) start.ArgumentList.Add(arg);
        start.Environment["KUBECONFIG"] = "/dev/null";
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(manifest);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, error + "\n" + manifest);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
