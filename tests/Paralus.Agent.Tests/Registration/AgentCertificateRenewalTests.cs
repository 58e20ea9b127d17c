using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Paralus.Agent.Hosting;
using Paralus.Domain.Contracts;
using Paralus.Sandbox.Hosting;

namespace Paralus.Agent.Tests.Registration;

/// <summary>
/// The agent keeps its certificate in a secret (a new pod needs no new token) and renews it, keeping its key, once
/// less than a third of the validity is left.
/// </summary>
public sealed class AgentCertificateRenewalTests
{
    [Fact]
    public async Task Agent_RestoresItsCertificateFromTheSecret_AndRenewsIt_WhenTwoThirdsOfItsValidityHavePassed()
    {
        var time = new ShiftedTimeProvider();
        await using var azurite = await AzuriteServer.StartAsync();
        await using var controlPlane = await ControlPlaneServer.StartAsync(azurite, "n" + Guid.NewGuid().ToString("N")[..10], time: time);
        var folder = Directory.CreateTempSubdirectory("paralus-renewing-agent-").FullName;
        await using var sandbox = await SandboxHost.StartAsync(new SandboxOptions { KubeconfigPath = Path.Combine(folder, "sandbox.kubeconfig") });
        using (var kube = sandbox.CreateHttpClient())
        {
            (await kube.PostAsJsonAsync("api/v1/namespaces", new { apiVersion = "v1", kind = "Namespace", metadata = new { name = "paralus-system" } })).EnsureSuccessStatusCode();
        }
        using var admin = controlPlane.Client(await controlPlane.LoginAsAdminAsync());
        (await admin.PostAsJsonAsync("/api/v1/projects", new CreateProjectRequest("p"))).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/clusters", new CreateClusterRequest("renewing-1", "p"))).EnsureSuccessStatusCode();
        var bootstrap = await admin.PostAsync("/api/v1/clusters/renewing-1/bootstrap", null);
        bootstrap.EnsureSuccessStatusCode();
        var settings = new Dictionary<string, string?>
        {
            ["Paralus:Agent:ControlPlaneUrl"] = controlPlane.BaseAddress.ToString(),
            ["Paralus:Agent:RegistrationToken"] = (await bootstrap.Content.ReadFromJsonAsync<ClusterBootstrapResponse>())!.Token,
            // No relay listens there: this test is about the certificate only.
            ["Paralus:Agent:Relays:0"] = $"https://127.0.0.1:{FreePort.Next()}/",
            ["Paralus:Agent:CertificateFile"] = Path.Combine(folder, "agent.crt"),
            ["Paralus:Agent:KeyFile"] = Path.Combine(folder, "agent.key"),
            ["Paralus:Agent:RelayCaFile"] = RelayCaFile(folder),
            ["Paralus:Agent:Kubeconfig"] = Path.Combine(folder, "sandbox.kubeconfig"),
            ["Paralus:Agent:CertificateSecret"] = "paralus-agent-certificate",
            ["Logging:LogLevel:Default"] = "Warning",
        };

        await RunAgentUntilAsync(settings, time, () => File.Exists(Path.Combine(folder, "agent.crt")));
        using var first = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(folder, "agent.crt")));
        var key = await File.ReadAllTextAsync(Path.Combine(folder, "agent.key"));

        // A new pod: no files, but the secret. 21 of 30 days later, for the control plane and the agent alike.
        File.Delete(Path.Combine(folder, "agent.crt"));
        File.Delete(Path.Combine(folder, "agent.key"));
        time.Shift = TimeSpan.FromDays(21);
        await RunAgentUntilAsync(settings, time, () => File.Exists(Path.Combine(folder, "agent.crt")) && File.ReadAllText(Path.Combine(folder, "agent.crt")) != first.ExportCertificatePem());

        using var renewed = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(folder, "agent.crt")));
        Assert.True(renewed.NotAfter > first.NotAfter.AddDays(20), $"renewed until {renewed.NotAfter:O}, first until {first.NotAfter:O}");
        Assert.Equal(first.Subject, renewed.Subject);
        Assert.Equal(first.PublicKey.ExportSubjectPublicKeyInfo(), renewed.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal(key, await File.ReadAllTextAsync(Path.Combine(folder, "agent.key")));
    }

    /// <summary>The control plane here names no relay CA, so the agent gets one from the test: without it, its tunnels would stop the agent.</summary>
    private static string RelayCaFile(string folder)
    {
        Paralus.Relay.Hosting.RelayServerCertificate.LoadOrCreate(Path.Combine(folder, "relay"), TimeProvider.System);
        return Path.Combine(folder, "relay", "relay-ca.crt");
    }

    private static async Task RunAgentUntilAsync(Dictionary<string, string?> settings, TimeProvider time, Func<bool> condition)
    {
        var agent = AgentApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddSingleton(time);
        });
        await agent.StartAsync();
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(condition()), seconds: 60);
        }
        finally
        {
            await agent.StopAsync();
            await agent.DisposeAsync();
        }
    }
}
