using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Paralus.Agent.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Paralus.Core.Certificates;
using Paralus.Core.Contracts;
using Paralus.Relay.Hosting;
using Paralus.Sandbox.Hosting;

namespace Paralus.Relay.Tests;

/// <summary>
/// Everything on the kubectl path, real and on loopback: Azurite, the control plane, a sandbox cluster imported as
/// <c>sandbox-1</c> in project <c>aws</c>, a relay and an agent. The directory holds the seed personas.
/// </summary>
public sealed class RelayStack : IAsyncLifetime
{
    public const string Cluster = "sandbox-1";
    public const string HiddenCluster = "hidden-1";
    public const string Password = "persona-password";
    public const string Virat = "virat.kohli@paralus.local";
    public const string Sally = "sally@example.com";
    public const string Reader = "reader@example.com";
    public const string Outsider = "outsider@example.com";

    private readonly string _work = Directory.CreateTempSubdirectory("paralus-relay-").FullName;
    private AzuriteServer? _azurite;
    private WebApplication? _relay;
    private WebApplication? _agent;

    public ControlPlaneServer ControlPlane { get; private set; } = null!;

    public SandboxHost Sandbox { get; private set; } = null!;

    public AgentCertificates AgentCertificates { get; private set; } = null!;

    public string ClusterId { get; private set; } = null!;

    public Uri RelayUserUrl { get; private set; } = null!;

    public Uri RelayAgentUrl { get; private set; } = null!;

    public string RelayCaPem { get; private set; } = null!;

    public string AdminToken { get; private set; } = null!;

    /// <summary>The agent's services, for tests that drive its sweeper directly.</summary>
    public IServiceProvider AgentServices => _agent!.Services;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteServer.StartAsync();
        var (userPort, agentPort) = (FreePort.Next(), FreePort.Next());
        RelayUserUrl = new Uri($"https://127.0.0.1:{userPort}/");
        RelayAgentUrl = new Uri($"https://127.0.0.1:{agentPort}/");
        var relayFolder = Path.Combine(_work, "relay");
        RelayCaPem = RelayServerCertificate.LoadOrCreate(relayFolder, TimeProvider.System).CaPem;
        ControlPlane = await ControlPlaneServer.StartAsync(_azurite, "r" + Guid.NewGuid().ToString("N")[..10], settings: new Dictionary<string, string?>
        {
            ["Paralus:Kubeconfig:RelayUrl"] = RelayUserUrl.ToString().TrimEnd('/'),
            ["Paralus:Kubeconfig:RelayCaFile"] = Path.Combine(relayFolder, "relay-ca.crt"),
            ["Paralus:Registration:RelayAgentUrls"] = RelayAgentUrl.ToString(),
        });
        AdminToken = await ControlPlane.LoginAsAdminAsync();
        ClusterId = await SeedDirectoryAsync();

        Sandbox = await SandboxHost.StartAsync(new SandboxOptions { KubeconfigPath = Path.Combine(_work, "sandbox.kubeconfig") });
        using (var sandbox = Sandbox.CreateHttpClient())
        {
            (await sandbox.PostAsJsonAsync("api/v1/namespaces", new { apiVersion = "v1", kind = "Namespace", metadata = new { name = "apple" } })).EnsureSuccessStatusCode();
        }

        _relay = RelayApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Paralus:Storage:ConnectionString"] = _azurite.ConnectionString,
                ["Paralus:Storage:TablePrefix"] = ControlPlane.TablePrefix,
                ["Paralus:Auth:SigningKeyFile"] = ControlPlane.SessionKeyFile,
                ["Paralus:Relay:UserPort"] = userPort.ToString(),
                ["Paralus:Relay:AgentPort"] = agentPort.ToString(),
                ["Paralus:Relay:CertificateFolder"] = relayFolder,
                ["Paralus:Relay:AgentCaCertificateFile"] = Path.Combine(ControlPlane.StateFolder, "ca", "agent-ca.crt"),
                ["Paralus:Relay:UserCaCertificateFile"] = Path.Combine(ControlPlane.StateFolder, "ca", "user-ca.crt"),
                ["Paralus:Relay:SnapshotRefreshInterval"] = "00:00:00.250",
                ["Logging:LogLevel:Default"] = "Warning",
            });
        });
        await _relay.StartAsync();

        AgentCertificates = new AgentCertificates(Path.Combine(_work, "agent"), ControlPlane.Services.GetRequiredService<CertificateAuthorities>().Agent);
        var (certificate, key) = AgentCertificates.IssueAgent(ClusterId);
        _agent = AgentApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Paralus:Agent:ClusterId"] = ClusterId,
                ["Paralus:Agent:Relays:0"] = RelayAgentUrl.ToString(),
                ["Paralus:Agent:RelayCaFile"] = Path.Combine(_work, "relay", "relay-ca.crt"),
                ["Paralus:Agent:CertificateFile"] = certificate,
                ["Paralus:Agent:KeyFile"] = key,
                ["Paralus:Agent:Kubeconfig"] = Path.Combine(_work, "sandbox.kubeconfig"),
                ["Logging:LogLevel:Default"] = "Warning",
            });
        });
        await _agent.StartAsync();
        await WaitForTunnelAsync();
    }

    /// <summary>kubectl as a persona (or the admin), with the kubeconfig the control plane issues them for the cluster.</summary>
    public async Task<Kubectl> KubectlAsAsync(string user, string cluster = Cluster)
    {
        var token = user == ControlPlane.AdminUser ? AdminToken : await ControlPlane.LoginAsync(user, Password);
        using var client = ControlPlane.Client(token);
        var response = await client.PostAsJsonAsync("/api/v1/kubeconfig", new IssueKubeconfigRequest(cluster));
        response.EnsureSuccessStatusCode();
        var issued = (await response.Content.ReadFromJsonAsync<KubeconfigResponse>())!;
        var folder = Path.Combine(_work, "kubeconfigs", Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "config");
        await File.WriteAllTextAsync(path, issued.Kubeconfig);
        return new Kubectl(path);
    }

    public Kubectl KubectlWithToken(string name, string token, string cluster = Cluster) =>
        new(Kubectl.WriteKubeconfig(Path.Combine(_work, "kubeconfigs", Guid.NewGuid().ToString("N")[..8]), name.Replace('@', '-'), RelayUserUrl, cluster, RelayCaPem, token));

    public HttpClient Admin() => ControlPlane.Client(AdminToken);

    private async Task<string> SeedDirectoryAsync()
    {
        using var admin = Admin();
        async Task Post<T>(string path, T body) => (await admin.PostAsJsonAsync(path, body)).EnsureSuccessStatusCode();

        await Post("/api/v1/projects", new CreateProjectRequest("aws"));
        await Post("/api/v1/projects", new CreateProjectRequest("gcp"));
        var created = await admin.PostAsJsonAsync("/api/v1/clusters", new CreateClusterRequest(Cluster, "aws"));
        created.EnsureSuccessStatusCode();
        await Post("/api/v1/clusters", new CreateClusterRequest(HiddenCluster, "gcp"));
        foreach (var user in new[] { Virat, Sally, Reader, Outsider }) await Post("/api/v1/users", new CreateUserRequest(user, Password: Password));
        await Post("/api/v1/groups", new CreateGroupRequest("AWS Project Members"));
        var patch = new HttpRequestMessage(HttpMethod.Patch, "/api/v1/groups/AWS%20Project%20Members") { Content = JsonContent.Create(new UpdateGroupRequest(AddUsers: [Virat])) };
        (await admin.SendAsync(patch)).EnsureSuccessStatusCode();
        await Post("/api/v1/rolebindings", new CreateRoleBindingRequest("PROJECT_ADMIN", Group: "AWS Project Members", Project: "aws"));
        await Post("/api/v1/rolebindings", new CreateRoleBindingRequest("NAMESPACE_ADMIN", User: Sally, Project: "aws", Namespace: "apple"));
        await Post("/api/v1/rolebindings", new CreateRoleBindingRequest("PROJECT_READ_ONLY", User: Reader, Project: "aws"));
        await Post("/api/v1/rolebindings", new CreateRoleBindingRequest("PROJECT_ADMIN", User: Outsider, Project: "gcp"));
        return (await created.Content.ReadFromJsonAsync<ClusterResource>())!.Id;
    }

    private async Task WaitForTunnelAsync()
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var client = new HttpClient(handler) { BaseAddress = RelayUserUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var response = await client.GetAsync($"clusters/{Cluster}/version");
            if (response.IsSuccessStatusCode) return;
            if (DateTime.UtcNow > deadline) throw new InvalidOperationException($"the tunnel did not come up: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(200);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var app in new[] { _agent, _relay })
        {
            if (app is null) continue;
            await app.StopAsync();
            await app.DisposeAsync();
        }
        if (Sandbox is not null) await Sandbox.DisposeAsync();
        if (ControlPlane is not null) await ControlPlane.DisposeAsync();
        if (_azurite is not null) await _azurite.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class RelayStackCollection : ICollectionFixture<RelayStack>
{
    public const string Name = "relay stack";
}
