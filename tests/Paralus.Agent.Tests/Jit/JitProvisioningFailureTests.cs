using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Paralus.Agent.ApiServer;
using Paralus.Domain.Kubernetes;

namespace Paralus.Agent.Tests.Jit;

/// <summary>
/// When the cluster will not let the agent prepare a user's service account, kubectl gets a Kubernetes Status that
/// says so, with the apiserver's own answer, instead of an empty 500; the agent's credentials never show. Both ways
/// through the agent answer alike: HTTP/2 data connections (plain requests) and HTTP/1.1 ones (upgrades).
/// </summary>
public sealed class JitProvisioningFailureTests : IAsyncLifetime
{
    private const string ForgedToken = "not-the-agents-token";
    private const string ExpectedMessage = "Paralus could not prepare service account sally-64example-46com in this cluster: the apiserver answered the agent 401 Unauthorized";
    private const string PodsPath = "/api/v1/namespaces/default/pods";

    private readonly string _folder = Directory.CreateTempSubdirectory("paralus-jit-failure-").FullName;
    private TestCluster _sandbox = null!;
    private AgentForwardingParts _agent = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await TestCluster.StartSandboxAsync(_folder);
        // The agent's kubeconfig with a token the apiserver does not know: every call of the agent is refused.
        _agent = AgentForwardingParts.For(ApiServerTarget.Load(await _sandbox.WriteKubeconfigWithTokenAsync(Path.Combine(_folder, "refused.kubeconfig"), ForgedToken)));
    }

    [Fact]
    public async Task OverHttp2_AnswersServiceUnavailable_AndTheConnectionStaysUsable()
    {
        using var client = new TunnelClient(stream => _agent.Http2.ServeAsync(stream, CancellationToken.None));

        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var response = await client.SendAsync(TunnelClient.RelayRequest(HttpMethod.Get, PodsPath, "sally@example.com", "cluster=read;"));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(KubernetesStatusBody.ContentType, response.Content.Headers.ContentType?.MediaType);
            AssertExplains(await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(1, client.Connections);
    }

    [Fact]
    public async Task OverHttp1_AnswersServiceUnavailable_WithTheApiserversReason()
    {
        var response = await _agent.GetOverHttp1Async(PodsPath, "sally@example.com", "cluster=read;");

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, response.StatusCode);
        Assert.Equal(KubernetesStatusBody.ContentType, response.ContentType);
        AssertExplains(await new StreamReader(response.Body).ReadToEndAsync());
    }

    private static void AssertExplains(string body)
    {
        var status = JsonDocument.Parse(body).RootElement;
        Assert.Equal("Status", status.GetProperty("kind").GetString());
        Assert.Equal("ServiceUnavailable", status.GetProperty("reason").GetString());
        Assert.Equal(503, status.GetProperty("code").GetInt32());
        Assert.StartsWith(ExpectedMessage, status.GetProperty("message").GetString());
        Assert.DoesNotContain(ForgedToken, body);
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
