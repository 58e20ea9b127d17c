using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Paralus.Agent.Forwarding;

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
        Assert.Equal([$"http://{TunnelEndPoint.Http1}", $"http://{TunnelEndPoint.Http2}"], addresses.Order());
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
        var connections = stack.AgentServices.GetRequiredService<TunnelConnectionListener>();
        // A connection handed to the agent the way a tunnel hands one: a plain byte stream.
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port, cancellationToken);
                var served = await listener.AcceptTcpClientAsync(cancellationToken);
                _ = connections.ServeAsync(served.GetStream(), http2, CancellationToken.None);
                return client.GetStream();
            },
        };
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://agent.invalid/") };
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces/kube-system/secrets")
        {
            Version = http2 ? HttpVersion.Version20 : HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (user is not null) request.Headers.Add("X-Paralus-User", user);
        if (access is not null) request.Headers.Add("X-Paralus-Access", access);

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(request.Version, response.Version);
        Assert.Contains("did not come through a Paralus relay", await response.Content.ReadAsStringAsync());
    }
}
