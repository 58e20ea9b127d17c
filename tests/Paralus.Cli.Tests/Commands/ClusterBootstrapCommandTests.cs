using Paralus.Cli.Tests.Infrastructure;
using Paralus.Domain.Contracts;
using static Paralus.Cli.Tests.Infrastructure.ContractSamples;

namespace Paralus.Cli.Tests.Commands;

/// <summary><c>create cluster</c> with its bootstrap manifest, <c>get clusterbootstrap</c>, and applying it with kubectl.</summary>
public sealed class ClusterBootstrapCommandTests : IClassFixture<RecordingApiServerFixture>, IDisposable
{
    private const string Manifest = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: paralus-system\n";
    private static readonly ClusterBootstrapResponse Bootstrap = new("secret-token", CliTestHost.Now.AddHours(1), Manifest);

    private readonly CliTestHost _host = new();
    private readonly RecordingApiServer _server;

    public ClusterBootstrapCommandTests(RecordingApiServerFixture fixture)
    {
        _server = fixture.Server;
        _server.Reset();
        _host.SignIn(_server.Url);
    }

    [Fact]
    public async Task CreateCluster_PrintsTheManifestOnStdout_AndHowToApplyItOnStderr()
    {
        _server.Respond("POST", "/api/v1/clusters", 201, Cluster);
        _server.Respond("POST", "/api/v1/clusters/c1/bootstrap", 200, Bootstrap);

        var result = await _host.RunAsync("create cluster c1 --project aws");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(Manifest, result.Output);
        Assert.Contains("cluster/c1 created", result.Error);
        Assert.Contains("kubectl apply -f -", result.Error);
        Assert.Contains("2026-11-22T13:00:00Z", result.Error);
        Assert.Equal(["POST /api/v1/clusters", "POST /api/v1/clusters/c1/bootstrap"], _server.Requests.Select(r => $"{r.Method} {r.Target}"));
    }

    [Fact]
    public async Task GetClusterBootstrap_IssuesAFreshManifest()
    {
        _server.Respond("POST", "/api/v1/clusters/c1/bootstrap", 200, Bootstrap);

        var result = await _host.RunAsync("get clusterbootstrap c1");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(Manifest, result.Output);
        Assert.Equal("Bearer session-token", _server.SingleRequest.Authorization);
    }

    [Fact]
    public async Task GetClusterBootstrap_Refused_ReportsTheServersMessage()
    {
        _server.Respond("POST", "/api/v1/clusters/c1/bootstrap", 403, new { title = "Forbidden", status = 403, detail = "user 'sally' may not cluster.write at project 'aws'." });

        var result = await _host.RunAsync("get clusterbootstrap c1");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Contains("may not cluster.write", result.Error);
    }

    [Fact]
    public async Task CreateCluster_WithKubeconfig_AppliesTheManifestWithKubectl()
    {
        _server.Respond("POST", "/api/v1/clusters", 201, Cluster);
        _server.Respond("POST", "/api/v1/clusters/c1/bootstrap", 200, Bootstrap);
        var kubectl = FakeKubectl(exitCode: 0);

        var result = await _host.RunAsync($"create cluster c1 --project aws --kubeconfig {Path.Combine(_host.Folder, "admin.kubeconfig")}");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal($"apply -f - --kubeconfig {Path.Combine(_host.Folder, "admin.kubeconfig")}", File.ReadAllText(kubectl.Args).Trim());
        Assert.Equal(Manifest, File.ReadAllText(kubectl.Stdin));
        Assert.Equal("namespace/paralus-system created\n", result.Output);
        Assert.Contains("agent manifest applied", result.Error);
    }

    [Fact]
    public async Task CreateCluster_WhenKubectlFails_ExitsNonZero_WithKubectlsError()
    {
        _server.Respond("POST", "/api/v1/clusters", 201, Cluster);
        _server.Respond("POST", "/api/v1/clusters/c1/bootstrap", 200, Bootstrap);
        FakeKubectl(exitCode: 1);

        var result = await _host.RunAsync($"create cluster c1 --project aws --kubeconfig {Path.Combine(_host.Folder, "admin.kubeconfig")}");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the server has asked for the client to provide credentials", result.Error);
        Assert.Contains("paralus get clusterbootstrap c1", result.Error);
    }

    [Fact]
    public async Task CreateCluster_WithWait_PollsUntilARelayReportsTheAgent()
    {
        ArrangeImportOfAPendingCluster();

        var run = _host.RunAsync($"create cluster c1 --project aws --kubeconfig {Path.Combine(_host.Folder, "admin.kubeconfig")} --wait");
        // Two polls see it pending; then its agent connects.
        await AdvanceUntilAsync(run, () => _server.Requests.Count(r => r is { Method: "GET", Path: "/api/v1/clusters/c1" }) >= 2);
        Assert.False(run.IsCompleted);
        _server.Respond("GET", "/api/v1/clusters/c1", 200, Cluster);
        await AdvanceUntilAsync(run, () => false);
        var result = await run;

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("namespace/paralus-system created\ncluster/c1 connected (relays: relay-0)\n", result.Output);
    }

    [Fact]
    public async Task CreateCluster_WithWait_TimesOut_WithWhatToCheck()
    {
        ArrangeImportOfAPendingCluster();
        var kubeconfig = Path.Combine(_host.Folder, "admin.kubeconfig");

        var run = _host.RunAsync($"create cluster c1 --project aws --kubeconfig {kubeconfig} --wait --timeout 30s");
        await AdvanceUntilAsync(run, () => false);
        var result = await run;

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("timed out after 30s waiting for the agent of cluster/c1 to connect", result.Error);
        Assert.Contains($"kubectl --kubeconfig {kubeconfig} -n paralus-system logs deploy/paralus-agent", result.Error);
        Assert.DoesNotContain("connected", result.Output);
    }

    [Fact]
    public async Task CreateCluster_WaitWithoutKubeconfig_IsAUsageError_AndCreatesNothing()
    {
        var result = await _host.RunAsync("create cluster c1 --project aws --wait");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--wait needs --kubeconfig", result.Error);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task GetClusters_ShowsStatusAgentAndKubernetesVersions()
    {
        _server.Respond("GET", "/api/v1/clusters", 200, List(Cluster));

        var result = await _host.RunAsync("get clusters");

        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches("^NAME +PROJECT +STATUS +AGENT +KUBERNETES +RELAYS +LAST SEEN +AGE$", lines[0]);
        Assert.Matches("^c1 +aws +Ready +0.1.0 +v1.32.0 +relay-0 +5s +1d$", lines[1]);
    }

    /// <summary>c1 is created and its manifest applies, but no relay reports its agent yet.</summary>
    private void ArrangeImportOfAPendingCluster()
    {
        var pending = Cluster with { Status = new ClusterStatusResource("Pending", null, null, null, []) };
        _server.Respond("POST", "/api/v1/clusters", 201, pending);
        _server.Respond("POST", "/api/v1/clusters/c1/bootstrap", 200, Bootstrap);
        _server.Respond("GET", "/api/v1/clusters/c1", 200, pending);
        FakeKubectl(exitCode: 0);
    }

    /// <summary>Moves the CLI's clock a poll at a time until the condition holds or the command ends.</summary>
    private async Task AdvanceUntilAsync(Task<CliResult> run, Func<bool> condition)
    {
        for (var step = 0; step < 2_000 && !run.IsCompleted && !condition(); step++)
        {
            await Task.Delay(5);
            _host.Time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    public void Dispose() => _host.Dispose();

    /// <summary>A kubectl stand-in that records its arguments and standard input, as the real one would receive them.</summary>
    private (string Args, string Stdin) FakeKubectl(int exitCode)
    {
        var (args, stdin, script) = (Path.Combine(_host.Folder, "kubectl.args"), Path.Combine(_host.Folder, "kubectl.stdin"), Path.Combine(_host.Folder, "kubectl"));
        var body = exitCode == 0
            ? "echo 'namespace/paralus-system created'"
            : "echo 'error: You must be logged in to the server (the server has asked for the client to provide credentials)' >&2";
        File.WriteAllText(script, $"#!/bin/sh\necho \"$@\" > '{args}'\ncat > '{stdin}'\n{body}\nexit {exitCode}\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _host.Variables["PARALUS_KUBECTL"] = script;
        return (args, stdin);
    }
}
