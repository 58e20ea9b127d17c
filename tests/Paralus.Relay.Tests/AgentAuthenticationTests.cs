using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using Paralus.Core.Tunnels;

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
        foreach (var bad in new[] { new byte[TunnelControlChannel.MaxMessageBytes + 1], "{not json"u8.ToArray() })
        {
            using var socket = Connect(certFile, keyFile);
            await socket.ConnectAsync(new Uri(stack.RelayAgentUrl, "agent/v1/control").ToWss(), CancellationToken.None);
            Assert.Equal(TunnelControlMessage.Welcome, (await TunnelControlChannel.ReadAsync(socket, CancellationToken.None))?.Type);
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
    public async Task SyncFromAnAgentOfAnUnknownCluster_DeletesNothing()
    {
        var viratAccount = Core.Kubernetes.ServiceAccountNames.ForUser(RelayStack.Virat);
        var virat = await stack.KubectlAsAsync(RelayStack.Virat);
        Assert.Equal(0, (await virat.RunAsync("get", "pods", "-n", "default")).ExitCode);

        var (certFile, keyFile) = stack.AgentCertificates.IssueAgent("no-such-cluster");
        using var socket = Connect(certFile, keyFile);
        await socket.ConnectAsync(new Uri(stack.RelayAgentUrl, "agent/v1/control").ToWss(), CancellationToken.None);
        await TunnelControlChannel.SendAsync(socket, new TunnelControlMessage(TunnelControlMessage.Sync, Accounts: [new JitAccountAccess(viratAccount)]), CancellationToken.None);

        var received = new List<string>();
        using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            while (await TunnelControlChannel.ReadAsync(socket, quiet.Token) is { } message) received.Add(message.Type);
        }
        catch (OperationCanceledException)
        {
        }
        Assert.DoesNotContain(TunnelControlMessage.Reconcile, received);
        Assert.Equal(0, (await stack.Cluster.Direct.RunAsync("get", "serviceaccount", viratAccount, "-n", "paralus-system")).ExitCode);
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
