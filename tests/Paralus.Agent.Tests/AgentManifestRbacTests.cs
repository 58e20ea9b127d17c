using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Paralus.Agent.ApiServer;
using Paralus.Agent.Jit;
using Paralus.Agent.Registration;
using Paralus.Domain.Clusters;
using Paralus.Domain.Kubernetes;
using Paralus.Domain.Policy;
using k8s;

namespace Paralus.Agent.Tests;

/// <summary>
/// The agent does all of its work with exactly the permissions its bootstrap manifest grants it, under the
/// sandbox's RBAC (escalation prevention included): the end-to-end stack runs its agent as the cluster's admin, so
/// only here would a missing rule in the manifest show before a real install.
/// </summary>
public sealed class AgentManifestRbacTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("paralus-agent-rbac-").FullName;
    private TestCluster _sandbox = null!;
    private ApiServerTarget _agent = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await TestCluster.StartSandboxAsync(_folder);
        var manifest = Path.Combine(_folder, "agent.yaml");
        await File.WriteAllTextAsync(manifest, AgentBootstrapManifest.Render(new AgentBootstrapSettings(
            "c-rbac", "rbac", "https://control-plane.invalid", ["wss://relay.invalid"], "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n", "token", "paralus/agent:test")));
        await RunAsync("apply", "-f", manifest);
        await _sandbox.EnsureNamespaceAsync("apple");

        // What the agent's pod would get: a token of the manifest's service account, and nothing else.
        var token = (await RunAsync("create", "token", AgentBootstrapManifest.AgentName, "-n", AgentBootstrapManifest.Namespace)).Trim();
        _agent = ApiServerTarget.Load(await _sandbox.WriteKubeconfigWithTokenAsync(Path.Combine(_folder, "agent.kubeconfig"), token));
    }

    [Fact]
    public async Task JitAccounts_AreCreatedNarrowedListedAndDeleted_WithTheManifestsRbacAlone()
    {
        var accounts = new JitServiceAccounts(_agent, Options.Create(new JitOptions()), TimeProvider.System, NullLogger<JitServiceAccounts>.Instance);
        const string user = "sally@example.com";
        var account = ServiceAccountNames.ForUser(user);

        // Full access binds paralus-full, which holds more than the agent itself: only escalate and bind allow it.
        var clusterAdmin = JitAccessSpec.For(user, KubernetesAccessLevel.Write, new Dictionary<string, KubernetesAccessLevel>());
        Assert.NotEmpty(await accounts.GetTokenAsync(clusterAdmin, CancellationToken.None));
        Assert.Contains($"{account}-paralus-full", await RunAsync("get", "clusterrolebindings", "-o", "name"));

        var readerAndAppleAdmin = JitAccessSpec.For(user, KubernetesAccessLevel.Read, new Dictionary<string, KubernetesAccessLevel> { ["apple"] = KubernetesAccessLevel.Write });
        Assert.True(await accounts.UpdateIfPresentAsync(readerAndAppleAdmin, CancellationToken.None));
        var clusterBindings = await RunAsync("get", "clusterrolebindings", "-o", "name");
        Assert.Contains($"{account}-paralus-read", clusterBindings);
        Assert.DoesNotContain($"{account}-paralus-full", clusterBindings);
        Assert.Contains(account, await RunAsync("get", "rolebindings", "-n", "apple", "-o", "name"));

        var appleReader = JitAccessSpec.For(user, KubernetesAccessLevel.None, new Dictionary<string, KubernetesAccessLevel> { ["apple"] = KubernetesAccessLevel.Read });
        Assert.True(await accounts.UpdateIfPresentAsync(appleReader, CancellationToken.None));
        Assert.DoesNotContain(account, await RunAsync("get", "clusterrolebindings", "-o", "name"));

        Assert.Contains(await accounts.ListAsync(CancellationToken.None), a => a.Metadata.Name == account);
        await accounts.DeleteAsync(account, CancellationToken.None);
        Assert.DoesNotContain(account, await RunAsync("get", "serviceaccounts", "-n", AgentBootstrapManifest.Namespace, "-o", "name"));
    }

    [Fact]
    public async Task Registration_ReadsTheFingerprint_AndKeepsItsCertificateInItsSecret()
    {
        var kubeSystem = await _agent.Client.CoreV1.ReadNamespaceAsync("kube-system");
        Assert.False(string.IsNullOrEmpty(kubeSystem.Metadata.Uid));

        var store = new CertificateSecretStore(_agent.Client, AgentBootstrapManifest.CertificateSecretName);
        await store.SaveAsync("first certificate", "first key", "relay ca", CancellationToken.None);
        await store.SaveAsync("renewed certificate", "renewed key", "relay ca", CancellationToken.None);
        Assert.Equal(("renewed certificate", "renewed key", "relay ca"), await store.LoadAsync(CancellationToken.None));
    }

    private async Task<string> RunAsync(params string[] args)
    {
        var result = await _sandbox.Direct.RunAsync(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Output;
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
