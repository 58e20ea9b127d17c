using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Paralus.Sandbox.Hosting;

namespace Paralus.Testing;

/// <summary>
/// The Kubernetes cluster behind the relay or the agent under test: the in-process sandbox, or a real cluster when
/// <c>PARALUS_E2E_KUBECONFIG</c> names its admin kubeconfig. Tests inspect it with kubectl, directly.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    public const string RealClusterVariable = "PARALUS_E2E_KUBECONFIG";

    private static readonly Regex TokenLine = new(@"token: \S+");

    private readonly SandboxHost? _sandbox;

    private TestCluster(string kubeconfigPath, SandboxHost? sandbox)
    {
        KubeconfigPath = kubeconfigPath;
        _sandbox = sandbox;
        Direct = new Kubectl(kubeconfigPath);
    }

    public string KubeconfigPath { get; }

    public bool IsSandbox => _sandbox is not null;

    /// <summary>kubectl straight to the cluster as its admin, bypassing Paralus.</summary>
    public Kubectl Direct { get; }

    /// <summary>Suffix for every object a run creates, so runs against a real cluster never collide.</summary>
    public string RunId { get; } = Guid.NewGuid().ToString("N")[..6];

    public static async Task<TestCluster> StartAsync(string folder)
    {
        if (Environment.GetEnvironmentVariable(RealClusterVariable) is { Length: > 0 } real)
        {
            // A copy in our folder: kubectl writes discovery caches beside HOME, and we never touch the user's file.
            var copy = Path.Combine(folder, "cluster.kubeconfig");
            File.Copy(real, copy, overwrite: true);
            return new TestCluster(copy, null);
        }

        return await StartSandboxAsync(folder);
    }

    /// <summary>A sandbox of its own, for tests that need more Kubernetes clusters than the one under test.</summary>
    public static async Task<TestCluster> StartSandboxAsync(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "sandbox.kubeconfig");
        var received = new ConcurrentQueue<string>();
        var sandbox = await SandboxHost.StartAsync(new SandboxOptions { KubeconfigPath = path, RequestObserver = (method, target) => received.Enqueue($"{method} {target}") });
        return new TestCluster(path, sandbox) { _received = received };
    }

    private ConcurrentQueue<string>? _received;

    /// <summary>
    /// Every request the sandbox received so far, as "METHOD target" byte for byte; null against a real cluster,
    /// whose audit log the test cannot read.
    /// </summary>
    public IReadOnlyCollection<string>? ReceivedRequests => _received;

    /// <summary>
    /// Writes this cluster's kubeconfig to <paramref name="path"/> with <paramref name="token"/> as its bearer token:
    /// the same server and CA, someone else's credentials (a sandbox's kubeconfig carries a token).
    /// </summary>
    public async Task<string> WriteKubeconfigWithTokenAsync(string path, string token)
    {
        var kubeconfig = await File.ReadAllTextAsync(KubeconfigPath);
        if (!TokenLine.IsMatch(kubeconfig)) throw new InvalidOperationException($"{KubeconfigPath} has no bearer token to replace");
        await File.WriteAllTextAsync(path, TokenLine.Replace(kubeconfig, $"token: {token}"));
        return path;
    }

    public async Task<JsonElement> GetJsonAsync(params string[] args)
    {
        var result = await Direct.RunAsync([.. args, "-o", "json"]);
        return result.ExitCode == 0 ? JsonDocument.Parse(result.Output).RootElement.Clone() : default;
    }

    public async Task EnsureNamespaceAsync(string name)
    {
        var created = await Direct.RunAsync("create", "namespace", name);
        if (created.ExitCode != 0 && !created.Error.Contains("AlreadyExists")) throw new InvalidOperationException(created.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
            return;
        }
        foreach (var ns in new[] { "default", "apple" })
        {
            await Direct.RunAsync("delete", "pods,deployments", "-n", ns, "-l", $"paralus-e2e={RunId}", "--wait=false");
        }
    }
}
