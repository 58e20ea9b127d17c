using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using Paralus.Domain.Contracts;
using Paralus.TunnelProtocol.Control;

namespace Paralus.Relay.Tests;

/// <summary>Only agents with a certificate from the Paralus agent CA may open a tunnel, and what they send there is checked too.</summary>
[Collection(RelayStackCollection.Name)]
public sealed class AgentAuthenticationTests(RelayStack stack)
{
    [Fact]
    public async Task AgentCertificateFromAnotherCa_CannotOpenATunnel()
    {
        var (certFile, keyFile) = stack.AgentCertificates.IssueAgent(stack.ClusterId, fromAnotherCa: true);
        using var socket = Connect(certFile, keyFile);
        await Assert.ThrowsAnyAsync<Exception>(() => socket.ConnectAsync(new Uri(stack.RelayAgentUrl, "agent/v1/control").ToWss(), CancellationToken.None));
    }

    [Fact]
    public async Task RealAgentCertificate_OpensAControlTunnel_ButNotOnTheUserListener()
    {
        var (certFile, keyFile) = stack.AgentCertificates.IssueAgent(stack.ClusterId);
        using (var socket = Connect(certFile, keyFile))
        {
            await socket.ConnectAsync(new Uri(stack.RelayAgentUrl, "agent/v1/control").ToWss(), CancellationToken.None);
            Assert.Equal(WebSocketState.Open, socket.State);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }

        using var onUserPort = Connect(certFile, keyFile);
        await Assert.ThrowsAnyAsync<WebSocketException>(() => onUserPort.ConnectAsync(new Uri(stack.RelayUserUrl, "agent/v1/control").ToWss(), CancellationToken.None));
    }

    [Fact]
    public async Task OversizedOrMalformedControlMessage_EndsThatConnection_TheRelayServesOn()
    {
        var (certFile, keyFile) = stack.AgentCertificates.IssueAgent(stack.ClusterId);
        // The last is a known message without its required field: refused like bad JSON, not half-applied.
        foreach (var bad in new[] { new byte[TunnelControlChannel.MaxMessageBytes + 1], "{not json"u8.ToArray(), """{"type":"sync"}"""u8.ToArray() })
        {
            using var socket = Connect(certFile, keyFile);
            await socket.ConnectAsync(new Uri(stack.RelayAgentUrl, "agent/v1/control").ToWss(), CancellationToken.None);
            Assert.IsType<RelayWelcome>(await TunnelControlChannel.ReadAsync(socket, CancellationToken.None));
            await socket.SendAsync(bad, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var ended = false;
            try
            {
                while (await TunnelControlChannel.ReadAsync(socket, timeout.Token) is not null)
                {
                }
                ended = true;
            }
            catch (WebSocketException)
            {
                ended = true;
            }
            Assert.True(ended, "the relay ends a control connection that sent a bad message");
        }
        await stack.WaitForTunnelAsync(0);
    }

    [Fact]
    public async Task AgentOfAnUnknownCluster_CannotOpenATunnel()
    {
        var (certFile, keyFile) = stack.AgentCertificates.IssueAgent("no-such-cluster");
        using var socket = Connect(certFile, keyFile);
        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri(stack.RelayAgentUrl, "agent/v1/control").ToWss(), CancellationToken.None));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    [Fact]
    public async Task DeletedCluster_LosesItsTunnels_AndItsAgentCertificateOpensNoNewOne()
    {
        using var admin = stack.Admin();
        var created = await admin.PostAsJsonAsync("/api/v1/clusters", new CreateClusterRequest("doomed-1", "aws"));
        created.EnsureSuccessStatusCode();
        var clusterId = (await created.Content.ReadFromJsonAsync<ClusterResource>())!.Id;
        await using var cluster = await stack.StartExtraClusterAsync("doomed-1");
        var agent = await stack.StartAgentAsync(clusterId, cluster);
        try
        {
            await stack.WaitForTunnelAsync(0, "doomed-1");
            var registry = stack.RelayServices(0).GetRequiredService<Paralus.Relay.Tunnels.TunnelRegistry>();
            Assert.True(registry.IsConnected(clusterId));

            (await admin.DeleteAsync("/api/v1/clusters/doomed-1")).EnsureSuccessStatusCode();

            // Its agent keeps dialling with a certificate that is still valid: it must get no tunnel on either relay.
            await Eventually.TrueAsync(() => Task.FromResult(!registry.IsConnected(clusterId)
                && !stack.RelayServices(1).GetRequiredService<Paralus.Relay.Tunnels.TunnelRegistry>().IsConnected(clusterId)));
            await Task.Delay(TimeSpan.FromSeconds(2)); // past the agent's reconnect delay (at most 1 s here)
            Assert.False(registry.IsConnected(clusterId));

            var (certFile, keyFile) = stack.AgentCertificates.IssueAgent(clusterId);
            using var socket = Connect(certFile, keyFile);
            socket.Options.CollectHttpResponseDetails = true;
            await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri(stack.RelayAgentUrl, "agent/v1/control").ToWss(), CancellationToken.None));
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, socket.HttpStatusCode);
        }
        finally
        {
            await agent.StopAsync();
            await agent.DisposeAsync();
        }
    }

    private static ClientWebSocket Connect(string certFile, string keyFile)
    {
        var socket = new ClientWebSocket();
        using var pem = X509Certificate2.CreateFromPemFile(certFile, keyFile);
        socket.Options.ClientCertificates.Add(X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null));
        socket.Options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        return socket;
    }
}

internal static class WebSocketUris
{
    public static Uri ToWss(this Uri uri) => new UriBuilder(uri) { Scheme = "wss" }.Uri;
}
