using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Paralus.Agent.Hosting;
using Paralus.Domain.Contracts;

namespace Paralus.Relay.Tests;

/// <summary>
/// Cluster import end to end: an agent that has only the control plane's URL and a bootstrap token registers
/// (fingerprint = the sandbox's kube-system UID), learns its relays and relay CA, dials the relay, and kubectl works.
/// </summary>
[Collection(RelayStackCollection.Name)]
public sealed class AgentRegistrationTests(RelayStack stack)
{
    [Fact]
    public async Task AgentWithOnlyAToken_Registers_ConnectsToTheRelay_AndServesKubectl()
    {
        const string cluster = "imported-1";
        using var admin = stack.Admin();
        (await admin.PostAsJsonAsync("/api/v1/clusters", new CreateClusterRequest(cluster, "aws"))).EnsureSuccessStatusCode();
        var bootstrap = await admin.PostAsync($"/api/v1/clusters/{cluster}/bootstrap", null);
        bootstrap.EnsureSuccessStatusCode();
        var token = (await bootstrap.Content.ReadFromJsonAsync<ClusterBootstrapResponse>())!.Token;
        var folder = Directory.CreateTempSubdirectory("paralus-registered-agent-").FullName;
        // A Kubernetes cluster of its own: one cluster is imported once, and the fixture's is in use.
        await using var kubernetes = await stack.StartExtraClusterAsync(cluster);
        var kubeSystemUid = (await kubernetes.GetJsonAsync("get", "namespace", "kube-system")).GetProperty("metadata").GetProperty("uid").GetString()!;

        var agent = AgentApp.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Paralus:Agent:ControlPlaneUrl"] = stack.ControlPlane.BaseAddress.ToString(),
            ["Paralus:Agent:RegistrationToken"] = token,
            ["Paralus:Agent:CertificateFile"] = Path.Combine(folder, "agent.crt"),
            ["Paralus:Agent:KeyFile"] = Path.Combine(folder, "agent.key"),
            ["Paralus:Agent:RelayCaFile"] = Path.Combine(folder, "relay-ca.crt"),
            ["Paralus:Agent:Kubeconfig"] = kubernetes.KubeconfigPath,
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await agent.StartAsync();
        try
        {
            var kubectl = await stack.KubectlAsAsync(stack.ControlPlane.AdminUser, cluster);
            Kubectl.Result? last = null;
            await Eventually.TrueAsync(async () => (last = await kubectl.RunAsync("get", "namespaces")).ExitCode == 0, seconds: 60);
            Assert.Contains("kube-system", last!.Output);

            var imported = await admin.GetFromJsonAsync<ClusterResource>($"/api/v1/clusters/{cluster}");
            Assert.Equal("Registered", imported!.Status.Phase);
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "agent.key")));
            Assert.Equal(stack.RelayCaPem.Trim(), (await File.ReadAllTextAsync(Path.Combine(folder, "relay-ca.crt"))).Trim());

            // The token is spent: a second agent with it is refused.
            using var anonymous = stack.ControlPlane.Client();
            var again = await anonymous.PostAsJsonAsync("/api/v1/clusters/register", new RegisterClusterRequest(token, "-", kubeSystemUid));
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, again.StatusCode);
        }
        finally
        {
            await agent.StopAsync();
            await agent.DisposeAsync();
        }
    }
}
