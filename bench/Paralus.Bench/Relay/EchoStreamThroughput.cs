using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Paralus.Testing;

namespace Paralus.Bench.Relay;

/// <summary>
/// exec-like stream throughput: an SPDY/3.1 upgrade of the sandbox's echo endpoint (what kubectl exec, attach, cp
/// and port-forward ride on), then a large payload written and read back at the same time on one connection.
/// </summary>
internal static class EchoStreamThroughput
{
    private const string EchoPath = "sandbox/echo-upgrade";
    private const int ChunkBytes = 64 * 1024;

    /// <summary>Megabytes (10^6 bytes) per second that went out and came back.</summary>
    public static async Task<double> MeasureAsync(HttpTarget target, int payloadBytes)
    {
        await using var stream = await UpgradeAsync(target);
        await EchoAsync(stream, ChunkBytes * 16);
        var started = Stopwatch.GetTimestamp();
        await EchoAsync(stream, payloadBytes);
        return payloadBytes / 1e6 / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static async Task<SslStream> UpgradeAsync(HttpTarget target)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(target.BaseAddress.Host, target.BaseAddress.Port);
        var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = target.BaseAddress.Host, ApplicationProtocols = [SslApplicationProtocol.Http11] });
        var request = $"POST {target.PathOf(EchoPath)} HTTP/1.1\r\nHost: {target.BaseAddress.Authority}\r\nAuthorization: Bearer {target.BearerToken}\r\n"
            + "Connection: Upgrade\r\nUpgrade: SPDY/3.1\r\nContent-Length: 0\r\n\r\n";
        await tls.WriteAsync(Encoding.ASCII.GetBytes(request));
        var head = await HttpResponseHead.ReadAsync(tls);
        if (!head.StartsWith("HTTP/1.1 101", StringComparison.Ordinal))
        {
            await tls.DisposeAsync();
            throw new InvalidOperationException($"echo upgrade through {target.Name} was refused: {head.Split('\r')[0]}");
        }
        return tls;
    }

    private static async Task EchoAsync(Stream stream, int bytes)
    {
        var reading = Task.Run(async () =>
        {
            var buffer = new byte[ChunkBytes];
            var read = 0;
            while (read < bytes)
            {
                var n = await stream.ReadAsync(buffer);
                if (n == 0) throw new IOException($"the echo stream ended after {read:N0} of {bytes:N0} bytes");
                read += n;
            }
        });
        var chunk = new byte[ChunkBytes];
        Random.Shared.NextBytes(chunk);
        for (var written = 0; written < bytes; written += ChunkBytes) await stream.WriteAsync(chunk.AsMemory(0, Math.Min(ChunkBytes, bytes - written)));
        await stream.FlushAsync();
        await reading.WaitAsync(TimeSpan.FromSeconds(60));
    }
}
