using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Paralus.Agent.Forwarding;
using Paralus.Agent.Tunnels;

namespace Paralus.Relay.Tests;

/// <summary>
/// The agent's HTTP server has no socket: only tunnel data connections reach it. And what does reach it is served
/// only with a relay's headers.
/// </summary>
[Collection(RelayStackCollection.Name)]
public sealed class AgentTransportTests(RelayStack stack)
{
    [Fact]
    public void TheAgentListensOnNoAddress()
    {
        var addresses = stack.AgentServices.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Assert.Equal([$"http://{TunnelEndPoint.Instance}"], addresses);
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("admin@paralus.local", null, false)]
    [InlineData("admin@paralus.local", "cluster=root;", false)]
    [InlineData(null, "cluster=write;", false)]
    [InlineData(null, null, true)]
    [InlineData("admin@paralus.local", "cluster=root;", true)]
    public async Task RequestWithoutARelaysHeaders_IsForbidden(string? user, string? access, bool http2)
    {
        using var http = ClientThroughATunnel(http2);
        var request = TunnelClient.Request(HttpMethod.Get, "/api/v1/namespaces/kube-system/secrets", http2);
        if (user is not null) request.Headers.Add("X-Paralus-User", user);
        if (access is not null) request.Headers.Add("X-Paralus-Access", access);

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(request.Version, response.Version);
        Assert.Contains("did not come through a Paralus relay", await response.Content.ReadAsStringAsync());
    }

    /// <summary>Even a request that does carry a relay's headers reaches the apiserver only as the user's JIT account.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ImpersonationAndCredentials_FromATunnel_NeverReachTheApiserver(bool http2)
    {
        using var http = ClientThroughATunnel(http2);
        var request = TunnelClient.Request(HttpMethod.Post, "/apis/authentication.k8s.io/v1/selfsubjectreviews", http2);
        request.Headers.Add("X-Paralus-User", RelayStack.Reader);
        request.Headers.Add("X-Paralus-Access", "cluster=read;");
        request.Headers.Add("Impersonate-User", "admin");
        request.Headers.Add("Impersonate-Group", "system:masters");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer a-token-the-client-chose");
        request.Content = JsonContent.Create(new { apiVersion = "authentication.k8s.io/v1", kind = "SelfSubjectReview" });

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var review = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("system:serviceaccount:paralus-system:reader-64example-46com", review.RootElement.GetProperty("status").GetProperty("userInfo").GetProperty("username").GetString());
    }

    private TunnelClient ClientThroughATunnel(bool http2)
    {
        var connections = stack.AgentServices.GetRequiredService<TunnelDataConnections>();
        return new TunnelClient(stream => connections.ServeAsync(stream, http2, CancellationToken.None));
    }
}
