using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Paralus.Agent.ApiServer;

namespace Paralus.Agent.Tests.Forwarding;

/// <summary>
/// When the apiserver goes away behind a connected agent, kubectl is told that the agent could not reach it, on
/// both ways through the agent, instead of a bare 502 or a "tunnel" error; and the next request tries again.
/// </summary>
public sealed class ApiServerUnreachableTests : IAsyncLifetime
{
    private const string User = "sally@example.com";
    private const string Access = "cluster=read;";
    private const string PodsPath = "/api/v1/namespaces/default/pods";
    private readonly string _folder = Directory.CreateTempSubdirectory("paralus-apiserver-down-").FullName;
    private TestCluster _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await TestCluster.StartSandboxAsync(_folder);

    [Fact]
    public async Task ApiServerStopped_EveryPathAnswersServiceUnavailable_WithWhereItTried()
    {
        var agent = AgentForwardingParts.For(ApiServerTarget.Load(_sandbox.KubeconfigPath));
        // Served once, so the user's token is cached: what fails next is the request itself, not provisioning.
        Assert.Equal(StatusCodes.Status200OK, (await agent.GetOverHttp1Async(PodsPath, User, Access)).StatusCode);

        await _sandbox.DisposeAsync();

        var http1 = await agent.GetOverHttp1Async(PodsPath, User, Access);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, http1.StatusCode);
        AssertSaysUnreachable(await new StreamReader(http1.Body).ReadToEndAsync(), agent.Target.Server);

        using var client = new TunnelClient(stream => agent.Http2.ServeAsync(stream, CancellationToken.None));
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            using var response = await client.SendAsync(TunnelClient.RelayRequest(HttpMethod.Get, PodsPath, User, Access));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            AssertSaysUnreachable(await response.Content.ReadAsStringAsync(), agent.Target.Server);
            // Each attempt tries the apiserver again, on a connection of its own.
            Assert.Equal(attempt, client.Connections);
        }
    }

    private static void AssertSaysUnreachable(string body, Uri server)
    {
        var status = JsonDocument.Parse(body).RootElement;
        Assert.Equal("ServiceUnavailable", status.GetProperty("reason").GetString());
        Assert.StartsWith($"the Paralus agent could not reach this cluster's apiserver at {server}: ", status.GetProperty("message").GetString());
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
