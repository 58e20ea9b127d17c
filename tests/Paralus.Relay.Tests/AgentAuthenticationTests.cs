using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;

namespace Paralus.Relay.Tests;

/// <summary>Only agents with a certificate from the Paralus agent CA may open a tunnel.</summary>
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
