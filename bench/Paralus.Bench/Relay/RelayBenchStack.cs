using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Paralus.Agent.Hosting;
using Paralus.Domain.Contracts;
using Paralus.Relay.Configuration;
using Paralus.Relay.Hosting;
using Paralus.Sandbox.Hosting;
using Paralus.Testing;

namespace Paralus.Bench.Relay;

/// <summary>
/// The kubectl path on loopback, all in this process: Azurite (a child process), the control plane, a sandbox
/// imported as cluster <see cref="Cluster"/> with one pod, one or more relays and an agent holding a tunnel to each;
/// with <see cref="RelayBenchOptions.WithBroker"/>, a RabbitMQ (a child process) carrying access events to the relays.
/// </summary>
internal sealed class RelayBenchStack : IAsyncDisposable
{
    public const string Cluster = "bench-1";
    public const string Project = "bench";
    public const string PodPath = "api/v1/namespaces/default/pods/bench-pod";
    private const string Password = "bench-password";
    // Creating a user hashes a password and signing in checks it (PBKDF2): a few at once keep both cores busy.
    private const int CreateParallelism = 4;
    // Streams the bench closes on purpose would otherwise log a warning each.
    private const string LogLevel = "Error";

    private readonly string _work = Directory.CreateTempSubdirectory("paralus-bench-relay-").FullName;
    private readonly RelayBenchOptions _options;
    private readonly List<WebApplication> _relays = [];
    private readonly List<Uri> _relayUserUrls = [];
    private AzuriteServer? _azurite;
    private ControlPlaneServer? _controlPlane;
    private readonly List<ComponentProcess> _relayProcesses = [];
    private WebApplication? _agent;
    private ComponentProcess? _agentProcess;

    private RelayBenchStack(RelayBenchOptions options) => _options = options;

    public SandboxHost Sandbox { get; private set; } = null!;

    /// <summary>The broker, when the stack was started with one.</summary>
    public RabbitMqBroker? Broker { get; private set; }

    public int RelayCount => _relayUserUrls.Count;

    /// <summary>Session token of the organization's admin, who may use every cluster.</summary>
    public string AdminToken { get; private set; } = null!;

    /// <summary>The agent's process, when it runs as one (<see cref="RelayBenchOptions.AgentInOwnProcess"/>).</summary>
    public int? AgentPid => _agentProcess?.Pid;

    /// <summary>The relays' processes, when they run as such (<see cref="RelayBenchOptions.RelayInOwnProcess"/>).</summary>
    public IReadOnlyList<int> RelayPids => _relayProcesses.Select(p => p.Pid).ToList();

    public HttpTarget Direct => new("direct", Sandbox.Url, "/", Sandbox.AdminToken);

    public HttpTarget Relay => RelayAs(AdminToken);

    /// <summary>Relay <paramref name="relay"/> (from 0) as the user of <paramref name="token"/>.</summary>
    public HttpTarget RelayAs(string token, int relay = 0) =>
        new(relay == 0 ? "relay" : $"relay {relay + 1}", _relayUserUrls[relay], $"/clusters/{Cluster}/", token);

    /// <summary>The users of <see cref="RelayBenchOptions.Users"/>, and how long creating them took.</summary>
    public IReadOnlyList<BenchUser> Users { get; private set; } = [];

    public TimeSpan UsersCreatedIn { get; private set; }

    /// <summary>The control plane's services (its storage repository, for one).</summary>
    public IServiceProvider ControlPlaneServices => _controlPlane!.Services;

    /// <summary>The control plane's API as the organization's admin.</summary>
    public HttpClient ControlPlaneAsAdmin() => _controlPlane!.Client(AdminToken);

    public static async Task<RelayBenchStack> StartAsync(RelayBenchOptions? options = null)
    {
        var stack = new RelayBenchStack(options ?? new RelayBenchOptions());
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
        var messaging = new Dictionary<string, string?>();
        if (_options.WithBroker)
        {
            Broker = await RabbitMqBroker.StartAsync();
            messaging = new Dictionary<string, string?>(Broker.ConfigurationSettings());
        }
        _controlPlane = await ControlPlaneServer.StartAsync(_azurite, "b" + Guid.NewGuid().ToString("N")[..10], Path.Combine(_work, "control-plane"),
            settings: new Dictionary<string, string?>(messaging) { ["Logging:LogLevel:Default"] = LogLevel });
        AdminToken = await _controlPlane.LoginAsAdminAsync();
        string clusterId;
        using (var admin = ControlPlaneAsAdmin())
        {
            (await admin.PostAsJsonAsync("/api/v1/projects", new CreateProjectRequest(Project))).EnsureSuccessStatusCode();
            var created = await admin.PostAsJsonAsync("/api/v1/clusters", new CreateClusterRequest(Cluster, Project));
            created.EnsureSuccessStatusCode();
            clusterId = (await created.Content.ReadFromJsonAsync<ClusterResource>())!.Id;
        }
        var creating = Stopwatch.StartNew();
        Users = await CreateInParallelAsync(_options.UserPrefix, _options.Users);
        UsersCreatedIn = creating.Elapsed;

        var kubeconfig = Path.Combine(_work, "sandbox.kubeconfig");
        Sandbox = await SandboxHost.StartAsync(new SandboxOptions { KubeconfigPath = kubeconfig });
        using (var sandbox = Sandbox.CreateHttpClient())
        {
            var pod = new { apiVersion = "v1", kind = "Pod", metadata = new { name = "bench-pod" }, spec = new { containers = new[] { new { name = "app", image = "nginx" } } } };
            (await sandbox.PostAsJsonAsync("api/v1/namespaces/default/pods", pod)).EnsureSuccessStatusCode();
        }

        var certificates = AgentCertificateFiles.Create(Path.Combine(_work, "agent"), clusterId);
        var relayFolder = Path.Combine(_work, "relay");
        var agentSettings = new Dictionary<string, string?>
        {
            ["Paralus:Agent:ClusterId"] = clusterId,
            ["Paralus:Agent:RelayCaFile"] = Path.Combine(relayFolder, "relay-ca.crt"),
            ["Paralus:Agent:CertificateFile"] = certificates.CertificateFile,
            ["Paralus:Agent:KeyFile"] = certificates.KeyFile,
            ["Paralus:Agent:Kubeconfig"] = kubeconfig,
            ["Logging:LogLevel:Default"] = LogLevel,
        };
        for (var relay = 0; relay < _options.Relays; relay++)
        {
            var (userPort, agentPort) = (FreePort.Next(), FreePort.Next());
            // Every relay shares one certificate folder, hence one serving CA the agent trusts.
            var relaySettings = new Dictionary<string, string?>(messaging)
            {
                ["Paralus:Storage:ConnectionString"] = _azurite.ConnectionString,
                ["Paralus:Storage:TablePrefix"] = _controlPlane.TablePrefix,
                ["Paralus:Auth:SigningKeyFile"] = _controlPlane.SessionKeyFile,
                ["Paralus:Relay:UserPort"] = userPort.ToString(CultureInfo.InvariantCulture),
                ["Paralus:Relay:AgentPort"] = agentPort.ToString(CultureInfo.InvariantCulture),
                ["Paralus:Relay:CertificateFolder"] = relayFolder,
                ["Paralus:Relay:AuditSpoolFolder"] = Path.Combine(relayFolder, "audit-spool"),
                ["Paralus:Relay:AgentCaCertificateFile"] = certificates.CaFile,
                ["Paralus:Relay:UserCaCertificateFile"] = Path.Combine(_controlPlane.StateFolder, "ca", "user-ca.crt"),
                ["Paralus:Relay:RelayId"] = $"bench-relay-{relay + 1}",
                ["Paralus:Relay:SnapshotRefreshInterval"] = _options.SnapshotRefreshInterval.ToString("c"),
                ["Paralus:Relay:SubscribedRefreshInterval"] = _options.SubscribedRefreshInterval.ToString("c"),
                ["Logging:LogLevel:Default"] = LogLevel,
            };
            if (_options.RelayInOwnProcess && _options.AuditOffRelays.Count > 0)
            {
                throw new NotSupportedException("audit can be turned off only on relays run in this process");
            }
            if (_options.RelayInOwnProcess)
            {
                var process = ComponentProcess.Start("relay", relaySettings, _options.ProxyCpus);
                _relayProcesses.Add(process);
                // The agent reads the relay CA the relay writes on start, so it waits for the relay to serve.
                await WaitUntilHealthyAsync(process, userPort);
            }
            else
            {
                var auditOff = _options.AuditOffRelays.Contains(relay);
                var app = RelayApp.Build([], builder =>
                {
                    builder.Configuration.AddInMemoryCollection(relaySettings);
                    if (auditOff) builder.Services.PostConfigure<RelayOptions>(o => o.RecordKubectlAudit = false);
                });
                await app.StartAsync();
                _relays.Add(app);
            }
            _relayUserUrls.Add(new Uri($"https://127.0.0.1:{userPort}/"));
            agentSettings[$"Paralus:Agent:Relays:{relay}"] = $"https://127.0.0.1:{agentPort}/";
        }

        if (_options.AgentInOwnProcess)
        {
            _agentProcess = ComponentProcess.Start("agent", agentSettings, _options.ProxyCpus);
        }
        else
        {
            _agent = AgentApp.Build([], builder => builder.Configuration.AddInMemoryCollection(agentSettings));
            await _agent.StartAsync();
        }
        await WaitUntilAcceptedAsync(AdminToken);
    }

    /// <summary>
    /// Creates users with cluster access (each a project admin through a binding of their own) and returns them once
    /// every relay's policy snapshot knows them all. A sentinel user created last is the one polled, so the returned
    /// users have never sent a request to a relay.
    /// </summary>
    public async Task<IReadOnlyList<BenchUser>> CreateUsersAsync(string prefix, int count)
    {
        var users = await CreateInParallelAsync(prefix, count);
        using var admin = ControlPlaneAsAdmin();
        var sentinel = await CreateUserAsync(admin, $"{prefix}-sentinel@bench.local");
        await WaitUntilAcceptedAsync(sentinel.Token);
        return users;
    }

    private async Task<BenchUser[]> CreateInParallelAsync(string prefix, int count)
    {
        using var admin = ControlPlaneAsAdmin();
        var users = new BenchUser[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = CreateParallelism },
            async (i, _) => users[i] = await CreateUserAsync(admin, $"{prefix}-{i}@bench.local"));
        return users;
    }

    private async Task<BenchUser> CreateUserAsync(HttpClient admin, string name)
    {
        using var created = await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(name, Password: Password));
        created.EnsureSuccessStatusCode();
        var user = (await created.Content.ReadFromJsonAsync<UserResource>())!;
        using var bound = await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("PROJECT_ADMIN", User: name, Project: Project));
        bound.EnsureSuccessStatusCode();
        var binding = (await bound.Content.ReadFromJsonAsync<RoleBindingResource>())!;
        return new BenchUser(name, user.Id, await _controlPlane!.LoginAsync(name, Password), binding.Id);
    }

    private static async Task WaitUntilHealthyAsync(ComponentProcess relay, int userPort)
    {
        using var client = new HttpTarget("relay", new Uri($"https://127.0.0.1:{userPort}/"), "/", "health-check").CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var response = await client.GetAsync("healthz");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) when (!relay.HasExited && DateTime.UtcNow < deadline)
            {
            }
            if (relay.HasExited || DateTime.UtcNow > deadline) throw new InvalidOperationException($"the relay process on port {userPort} did not start serving");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until every relay forwards the user's requests: tunnels up and the user in every snapshot.</summary>
    private async Task WaitUntilAcceptedAsync(string token)
    {
        for (var relay = 0; relay < RelayCount; relay++)
        {
            var target = RelayAs(token, relay);
            using var client = target.CreateClient();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                using var response = await client.GetAsync(target.PathOf("version"));
                if (response.IsSuccessStatusCode) break;
                if (DateTime.UtcNow > deadline) throw new InvalidOperationException($"{target.Name} did not serve {Cluster}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                await Task.Delay(100);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_agentProcess is not null) await _agentProcess.DisposeAsync();
        foreach (var relay in _relayProcesses) await relay.DisposeAsync();
        foreach (var app in new[] { _agent }.Concat(_relays))
        {
            if (app is null) continue;
            await app.StopAsync();
            await app.DisposeAsync();
        }
        if (Sandbox is not null) await Sandbox.DisposeAsync();
        if (_controlPlane is not null) await _controlPlane.DisposeAsync();
        if (Broker is not null) await Broker.DisposeAsync();
        if (_azurite is not null) await _azurite.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}
