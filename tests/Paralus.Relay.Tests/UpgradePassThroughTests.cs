using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Paralus.Relay.Tests;

/// <summary>
/// An SPDY/3.1 upgrade (what kubectl falls back to for exec, attach, cp and port-forward) through relay, tunnel and
/// agent to the sandbox's echo endpoint: the 101 comes back and every byte returns unchanged, both ways.
/// </summary>
[Collection(RelayStackCollection.Name)]
public sealed class UpgradePassThroughTests(RelayStack stack)
{
    [SkippableFact]
    public async Task SpdyUpgrade_PassesThroughByteForByte()
    {
        Skip.IfNot(stack.Cluster.IsSandbox, "the echo endpoint is the sandbox's own");
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", stack.RelayUserUrl.Port);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "127.0.0.1", ApplicationProtocols = [SslApplicationProtocol.Http11] });

        var request = $"POST /clusters/{RelayStack.ClusterName}/sandbox/echo-upgrade HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + $"Authorization: Bearer {stack.AdminToken}\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nContent-Length: 0\r\n\r\n";
        await tls.WriteAsync(Encoding.ASCII.GetBytes(request));
        var head = await HttpResponseHead.ReadAsync(tls);
        Assert.StartsWith("HTTP/1.1 101", head);
        Assert.Contains("SPDY/3.1", head, StringComparison.OrdinalIgnoreCase);

        var payload = RandomNumberGenerator.GetBytes(64 * 1024);
        var echo = new byte[payload.Length];
        var reading = Task.Run(async () =>
        {
            var read = 0;
            while (read < echo.Length)
            {
                var n = await tls.ReadAsync(echo.AsMemory(read));
                if (n == 0) break;
                read += n;
            }
            return read;
        });
        for (var offset = 0; offset < payload.Length; offset += 4096) await tls.WriteAsync(payload.AsMemory(offset, 4096));
        await tls.FlushAsync();

        Assert.Equal(payload.Length, await reading.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(payload, echo);
    }
}
