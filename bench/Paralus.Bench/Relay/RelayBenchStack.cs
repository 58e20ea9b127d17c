using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Paralus.Agent.Hosting;
using Paralus.Core.Contracts;
using Paralus.Relay.Hosting;
using Paralus.Sandbox.Hosting;
using Paralus.Testing;

namespace Paralus.Bench.Relay;

/// <summary>
/// The kubectl path on loopback, all in this process: Azurite (a child process), the control plane, a sandbox
/// imported as cluster <see cref="Cluster"/> with one pod, a relay and an agent holding a tunnel to it.
/// </summary>
internal sealed class RelayBenchStack : IAsyncDisposable
{
    public const string Cluster = "bench-1";
    public const string Project = "bench";
    public const string PodPath = "api/v1/namespaces/default/pods/bench-pod";
    private const string Password = "bench-password";

    private readonly string _work = Directory.CreateTempSubdirectory("paralus-bench-relay-").FullName;
    private AzuriteServer? _azurite;
    private ControlPlaneServer? _controlPlane;
    private WebApplication? _relay;
    private WebApplication? _agent;

    public SandboxHost Sandbox { get; private set; } = null!;

    public Uri RelayUserUrl { get; private set; } = null!;

    /// <summary>Session token of the organization's admin, who may use every cluster.</summary>
    public string AdminToken { get; private set; } = null!;

    public HttpTarget Direct => new("direct", Sandbox.Url, "/", Sandbox.AdminToken);

    public HttpTarget Relay => RelayAs(AdminToken);

    public HttpTarget RelayAs(string token) => new("relay", RelayUserUrl, $"/clusters/{Cluster}/", token);

    public static async Task<RelayBenchStack> StartAsync()
    {
        var stack = new RelayBenchStack();
        try
        {
            await stack.InitializeAsync();
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    private async Task InitializeAsync()
    {
        _azurite = await AzuriteServer.StartAsync();
        _controlPlane = await ControlPlaneServer.StartAsync(_azurite, "b" + Guid.NewGuid().ToString("N")[..10]);
        AdminToken = await _controlPlane.LoginAsAdminAsync();
        string clusterId;
        using (var admin = _controlPlane.Client(AdminToken))
        {
            (await admin.PostAsJsonAsync("/api/v1/projects", new CreateProjectRequest(Project))).EnsureSuccessStatusCode();
            var created = await admin.PostAsJsonAsync("/api/v1/clusters", new CreateClusterRequest(Cluster, Project));
            created.EnsureSuccessStatusCode();
            clusterId = (await created.Content.ReadFromJsonAsync<ClusterResource>())!.Id;
        }

        var kubeconfig = Path.Combine(_work, "sandbox.kubeconfig");
        Sandbox = await SandboxHost.StartAsync(new SandboxOptions { KubeconfigPath = kubeconfig });
        using (var sandbox = Sandbox.CreateHttpClient())
        {
            var pod = new { apiVersion = "v1", kind = "Pod", metadata = new { name = "bench-pod" }, spec = new { containers = new[] { new { name = "app", image = "nginx" } } } };
            (await sandbox.PostAsJsonAsync("api/v1/namespaces/default/pods", pod)).EnsureSuccessStatusCode();
        }

        var certificates = AgentCertificateFiles.Create(Path.Combine(_work, "agent"), clusterId);
        var (userPort, agentPort) = (FreePort.Next(), FreePort.Next());
        var relayFolder = Path.Combine(_work, "relay");
        _relay = RelayApp.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Paralus:Storage:ConnectionString"] = _azurite.ConnectionString,
            ["Paralus:Storage:TablePrefix"] = _controlPlane.TablePrefix,
            ["Paralus:Auth:SigningKeyFile"] = _controlPlane.SessionKeyFile,
            ["Paralus:Relay:UserPort"] = userPort.ToString(),
            ["Paralus:Relay:AgentPort"] = agentPort.ToString(),
            ["Paralus:Relay:CertificateFolder"] = relayFolder,
            ["Paralus:Relay:AgentCaCertificateFile"] = certificates.CaFile,
            ["Paralus:Relay:SnapshotRefreshInterval"] = "00:00:00.250",
            // Streams the bench closes on purpose would otherwise log a warning each.
            ["Logging:LogLevel:Default"] = "Error",
        }));
        await _relay.StartAsync();
        RelayUserUrl = new Uri($"https://127.0.0.1:{userPort}/");

        _agent = AgentApp.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Paralus:Agent:ClusterId"] = clusterId,
            ["Paralus:Agent:Relays:0"] = $"https://127.0.0.1:{agentPort}/",
            ["Paralus:Agent:RelayCaFile"] = Path.Combine(relayFolder, "relay-ca.crt"),
            ["Paralus:Agent:CertificateFile"] = certificates.CertificateFile,
            ["Paralus:Agent:KeyFile"] = certificates.KeyFile,
            ["Paralus:Agent:Kubeconfig"] = kubeconfig,
            // Streams the bench closes on purpose would otherwise log a warning each.
            ["Logging:LogLevel:Default"] = "Error",
        }));
        await _agent.StartAsync();
        await WaitUntilAcceptedAsync(AdminToken);
    }

    /// <summary>
    /// Creates users with cluster access (project admins) and returns their session tokens once the relay's policy
    /// snapshot knows them all. A sentinel user created last is the one polled, so the returned users have never
    /// sent a request to the relay.
    /// </summary>
    public async Task<IReadOnlyList<string>> CreateUsersAsync(string prefix, int count)
    {
        using var admin = _controlPlane!.Client(AdminToken);
        var tokens = new List<string>();
        for (var i = 0; i <= count; i++)
        {
            var name = $"{prefix}-{i}@bench.local";
            (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(name, Password: Password))).EnsureSuccessStatusCode();
            (await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("PROJECT_ADMIN", User: name, Project: Project))).EnsureSuccessStatusCode();
            tokens.Add(await _controlPlane.LoginAsync(name, Password));
        }

        await WaitUntilAcceptedAsync(tokens[^1]);
        return tokens[..^1];
    }

    private async Task WaitUntilAcceptedAsync(string token)
    {
        using var client = RelayAs(token).CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await client.GetAsync(RelayAs(token).PathOf("version"));
            if (response.IsSuccessStatusCode) return;
            if (DateTime.UtcNow > deadline) throw new InvalidOperationException($"the relay did not serve {Cluster}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in new[] { _agent, _relay })
        {
            if (app is null) continue;
            await app.StopAsync();
            await app.DisposeAsync();
        }
        if (Sandbox is not null) await Sandbox.DisposeAsync();
        if (_controlPlane is not null) await _controlPlane.DisposeAsync();
        if (_azurite is not null) await _azurite.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}
