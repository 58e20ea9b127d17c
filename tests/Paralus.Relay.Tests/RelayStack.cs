using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Paralus.Agent.Hosting;
using Paralus.Domain.Certificates;
using Paralus.Domain.Contracts;
using Paralus.Infrastructure.Messaging;
using Paralus.Relay.Hosting;

namespace Paralus.Relay.Tests;

/// <summary>
/// Everything on the kubectl path, real and on loopback: Azurite, the control plane, a sandbox cluster imported as
/// <c>sandbox-1</c> in project <c>aws</c>, a relay and an agent. The directory holds the seed personas.
/// </summary>
public sealed class RelayStack : IAsyncLifetime
{
    public const string ClusterName = "sandbox-1";
    public const string HiddenCluster = "hidden-1";
    public const string Password = "persona-password";
    public const string Virat = "virat.kohli@paralus.local";
    public const string Sally = "sally@example.com";
    public const string Reader = "reader@example.com";
    public const string Outsider = "outsider@example.com";

    private readonly string _work = Directory.CreateTempSubdirectory("paralus-relay-").FullName;
    private AzuriteServer? _azurite;
    private readonly WebApplication?[] _relays = new WebApplication?[2];
    private readonly (int User, int Agent)[] _relayPorts = [(FreePort.Next(), FreePort.Next()), (FreePort.Next(), FreePort.Next())];
    private string _relayFolder = null!;
    private WebApplication? _agent;

    public ControlPlaneServer ControlPlane { get; private set; } = null!;

    /// <summary>The local AMQP broker carrying access events from the control plane to both relays.</summary>
    public RabbitMqBroker Broker { get; private set; } = null!;

    /// <summary>The sandbox, or the real cluster named by PARALUS_E2E_KUBECONFIG.</summary>
    public TestCluster Cluster { get; private set; } = null!;

    public AgentCertificates AgentCertificates { get; private set; } = null!;

    public string ClusterId { get; private set; } = null!;

    /// <summary>kubectl's endpoint of the first relay (the one kubeconfigs name).</summary>
    public Uri RelayUserUrl => UserUrlOf(0);

    public Uri RelayAgentUrl => AgentUrlOf(0);

    public Uri UserUrlOf(int relay) => new($"https://127.0.0.1:{_relayPorts[relay].User}/");

    public Uri AgentUrlOf(int relay) => new($"https://127.0.0.1:{_relayPorts[relay].Agent}/");

    public string RelayCaPem { get; private set; } = null!;

    public string AdminToken { get; private set; } = null!;

    /// <summary>The agent's services, for tests that drive its sweeper directly.</summary>
    public IServiceProvider AgentServices => _agent!.Services;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteServer.StartAsync();
        Broker = await RabbitMqBroker.StartAsync();
        _relayFolder = Path.Combine(_work, "relay");
        var relayFolder = _relayFolder;
        RelayCaPem = RelayServerCertificate.LoadOrCreate(relayFolder, TimeProvider.System).CaPem;
        ControlPlane = await ControlPlaneServer.StartAsync(_azurite, "r" + Guid.NewGuid().ToString("N")[..10], settings: new Dictionary<string, string?>(Broker.ConfigurationSettings())
        {
            ["Paralus:Kubeconfig:RelayUrl"] = RelayUserUrl.ToString().TrimEnd('/'),
            ["Paralus:Kubeconfig:RelayCaFile"] = Path.Combine(relayFolder, "relay-ca.crt"),
            ["Paralus:Registration:RelayAgentUrls"] = RelayAgentUrl.ToString(),
        }, port: FreePort.Next()); // a known address, so identity providers started by tests can return to its sign-in callback
        AdminToken = await ControlPlane.LoginAsAdminAsync();
        ClusterId = await SeedDirectoryAsync();

        Cluster = await TestCluster.StartAsync(_work);
        await Cluster.EnsureNamespaceAsync("apple");

        await StartRelayAsync(0);
        await StartRelayAsync(1);

        AgentCertificates = new AgentCertificates(Path.Combine(_work, "agent"), ControlPlane.Services.GetRequiredService<CertificateAuthorities>().Agent);
        _agent = await StartAgentAsync(ClusterId, Cluster);
        await WaitForTunnelAsync(0);
        await WaitForTunnelAsync(1);
    }

    /// <summary>
    /// A further Kubernetes cluster (a sandbox, also when <see cref="Cluster"/> is a real one) in a folder of its own.
    /// Each cluster record needs a Kubernetes cluster of its own: agents sharing one would manage the same JIT accounts.
    /// </summary>
    public Task<TestCluster> StartExtraClusterAsync(string name) => TestCluster.StartSandboxAsync(Path.Combine(_work, "clusters", name));

    /// <summary>
    /// Starts an agent for a cluster id, with a certificate of the agent CA, dialling both relays and serving
    /// <paramref name="cluster"/>. Stop and dispose it when done.
    /// </summary>
    public async Task<WebApplication> StartAgentAsync(string clusterId, TestCluster cluster)
    {
        var (certificate, key) = AgentCertificates.IssueAgent(clusterId);
        var agent = AgentApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Paralus:Agent:ClusterId"] = clusterId,
                ["Paralus:Agent:Relays:0"] = AgentUrlOf(0).ToString(),
                ["Paralus:Agent:Relays:1"] = AgentUrlOf(1).ToString(),
                ["Paralus:Agent:MaxReconnectDelay"] = "00:00:01",
                ["Paralus:Agent:RelayCaFile"] = Path.Combine(_work, "relay", "relay-ca.crt"),
                ["Paralus:Agent:CertificateFile"] = certificate,
                ["Paralus:Agent:KeyFile"] = key,
                ["Paralus:Agent:Kubeconfig"] = cluster.KubeconfigPath,
                ["Logging:LogLevel:Default"] = "Warning",
            });
        });
        await agent.StartAsync();
        return agent;
    }

    /// <summary>Starts relay 0 or 1 (again, after <see cref="StopRelayAsync"/>) on its fixed ports; both share one serving CA.</summary>
    public async Task StartRelayAsync(int relay)
    {
        var app = RelayApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(Broker.ConfigurationSettings())
            {
                ["Paralus:Storage:ConnectionString"] = _azurite!.ConnectionString,
                ["Paralus:Storage:TablePrefix"] = ControlPlane.TablePrefix,
                ["Paralus:Auth:SigningKeyFile"] = ControlPlane.SessionKeyFile,
                ["Paralus:Relay:UserPort"] = _relayPorts[relay].User.ToString(),
                ["Paralus:Relay:AgentPort"] = _relayPorts[relay].Agent.ToString(),
                ["Paralus:Relay:CertificateFolder"] = _relayFolder,
                ["Paralus:Relay:AgentCaCertificateFile"] = Path.Combine(ControlPlane.StateFolder, "ca", "agent-ca.crt"),
                ["Paralus:Relay:UserCaCertificateFile"] = Path.Combine(ControlPlane.StateFolder, "ca", "user-ca.crt"),
                // Changes must arrive as access events: the storage polls are too slow to pass any test here.
                ["Paralus:Relay:SnapshotRefreshInterval"] = "00:00:30",
                ["Paralus:Relay:SubscribedRefreshInterval"] = "00:01:00",
                ["Paralus:Relay:PresenceInterval"] = "00:00:00.500",
                ["Paralus:Relay:RelayId"] = $"relay-{relay}",
                ["Paralus:Relay:AuditSpoolFolder"] = Path.Combine(_work, $"audit-spool-{relay}"),
                ["Logging:LogLevel:Default"] = "Warning",
            });
        });
        await app.StartAsync();
        _relays[relay] = app;
    }

    /// <summary>A running relay's services, for tests that drive its parts directly.</summary>
    public IServiceProvider RelayServices(int relay) => _relays[relay]?.Services ?? throw new InvalidOperationException($"relay {relay} is not running");

    public async Task StopRelayAsync(int relay)
    {
        if (_relays[relay] is not { } app) return;
        _relays[relay] = null;
        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>kubectl as a persona (or the admin), with the kubeconfig the control plane issues them for the cluster.</summary>
    public async Task<Kubectl> KubectlAsAsync(string user, string cluster = ClusterName)
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

    public Kubectl KubectlWithToken(string name, string token, string cluster = ClusterName) =>
        new(Kubectl.WriteKubeconfig(Path.Combine(_work, "kubeconfigs", Guid.NewGuid().ToString("N")[..8]), name.Replace('@', '-'), RelayUserUrl, cluster, RelayCaPem, token));

    public HttpClient Admin() => ControlPlane.Client(AdminToken);

    private async Task<string> SeedDirectoryAsync()
    {
        using var admin = Admin();
        async Task Post<T>(string path, T body) => (await admin.PostAsJsonAsync(path, body)).EnsureSuccessStatusCode();

        await Post("/api/v1/projects", new CreateProjectRequest("aws"));
        await Post("/api/v1/projects", new CreateProjectRequest("gcp"));
        var created = await admin.PostAsJsonAsync("/api/v1/clusters", new CreateClusterRequest(ClusterName, "aws"));
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

    /// <summary>
    /// After the broker was stopped: waits until both relays hear access events again, so a later test's changes reach
    /// them as events, not by the 30 s poll.
    /// </summary>
    public Task WaitForAccessEventSubscriptionsAsync() => Eventually.TrueAsync(() => Task.FromResult(
        Enumerable.Range(0, _relays.Length).All(relay => RelayServices(relay).GetRequiredService<IMessageSubscriber>().IsSubscribed)), 30);

    /// <summary>Waits until kubectl-style requests through relay 0 or 1 reach the cluster (by default the fixture's own).</summary>
    public async Task WaitForTunnelAsync(int relay, string cluster = ClusterName)
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var client = new HttpClient(handler) { BaseAddress = UserUrlOf(relay) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var response = await client.GetAsync($"clusters/{cluster}/version");
            if (response.IsSuccessStatusCode) return;
            if (DateTime.UtcNow > deadline) throw new InvalidOperationException($"the tunnel did not come up: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(200);
        }
    }

    public async Task DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.StopAsync();
            await _agent.DisposeAsync();
        }
        await StopRelayAsync(0);
        await StopRelayAsync(1);
        if (Cluster is not null) await Cluster.DisposeAsync();
        if (ControlPlane is not null) await ControlPlane.DisposeAsync();
        if (Broker is not null) await Broker.DisposeAsync();
        if (_azurite is not null) await _azurite.DisposeAsync();
    }

    /// <summary>Access events written by the control plane and not yet published.</summary>
    public async Task<IReadOnlyList<string>> PendingOutboxRowsAsync() =>
        (await RawTableRows.PendingAccessEventsAsync(_azurite!.ConnectionString, ControlPlane.TablePrefix)).Select(row => row.RowKey).ToArray();
}

[CollectionDefinition(Name)]
public sealed class RelayStackCollection : ICollectionFixture<RelayStack>
{
    public const string Name = "relay stack";
}
