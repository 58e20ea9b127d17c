using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Text;
using Xunit.Abstractions;

namespace Paralus.Relay.Tests;

/// <summary>
/// An exec over WebSocket through the relay reaches the client as the apiserver sends it: each frame (stdout, the
/// exit status, the close) in a TLS record of its own. The Python client waits on the socket for every frame, so
/// frames sharing a record kept each of its execs waiting 5 s and could lose the exit status.
/// </summary>
[Collection(RelayStackCollection.Name)]
public sealed class ExecFrameBoundaryTests(RelayStack stack, ITestOutputHelper output)
{
    // TLS 1.3 adds the inner content type (1 byte) and the AEAD tag (16) to every record; no padding is sent.
    private const int Tls13RecordOverhead = 17;

    [Fact]
    public async Task ExecFrames_EachArriveInATlsRecordOfTheirOwn()
    {
        var ns = $"frames-{stack.Cluster.RunId}";
        await stack.Cluster.EnsureNamespaceAsync(ns);
        var created = await stack.Cluster.Direct.RunAsync("run", "frames", "-n", ns, "--image=busybox", "--restart=Never", "--command", "--", "sh", "-c", "sleep 3600");
        Assert.True(created.ExitCode == 0, created.ToString());
        await stack.WaitForTunnelAsync(0);

        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", stack.RelayUserUrl.Port);
        var records = new TlsRecordLog(tcp.GetStream());
        await using var tls = new SslStream(records, false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1", ApplicationProtocols = [SslApplicationProtocol.Http11], EnabledSslProtocols = SslProtocols.Tls13,
        });
        var command = "command=sh&command=-c&command=echo%20hi%3B%20exit%203";
        var request = $"GET /clusters/{RelayStack.ClusterName}/api/v1/namespaces/{ns}/pods/frames/exec?{command}&stdout=true&stderr=true HTTP/1.1\r\n"
            + $"Host: 127.0.0.1\r\nAuthorization: Bearer {stack.AdminToken}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
            + $"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))}\r\n"
            + "Sec-WebSocket-Protocol: v4.channel.k8s.io\r\n\r\n";
        await tls.WriteAsync(Encoding.ASCII.GetBytes(request));
        Assert.StartsWith("HTTP/1.1 101", await HttpResponseHead.ReadAsync(tls));

        var frames = new List<(int Opcode, byte[] Payload, int WireLength)>();
        while (frames.Count == 0 || frames[^1].Opcode != 8)
        {
            frames.Add(await ReadFrameAsync(tls).WaitAsync(TimeSpan.FromSeconds(20)));
        }
        var plaintexts = records.RecordLengths.Select(l => l - Tls13RecordOverhead).ToList();
        output.WriteLine($"frames (wire bytes): {string.Join(", ", frames.Select(f => f.WireLength))}; records (plaintext bytes): {string.Join(", ", plaintexts)}");

        Assert.Equal("\u0001hi\n", Encoding.ASCII.GetString(frames[0].Payload));
        var status = Encoding.ASCII.GetString(frames[^2].Payload);
        Assert.Contains("\"reason\":\"ExitCode\",\"message\":\"3\"", status);
        // The frames are the last records before the connection's end: each one exactly a record.
        var lengths = frames.Select(f => f.WireLength).ToList();
        Assert.True(ContainsRun(plaintexts, lengths), $"frames of {string.Join(", ", lengths)} bytes were not sent as records of their own: {string.Join(", ", plaintexts)}");
    }

    private static bool ContainsRun(List<int> records, List<int> frames) =>
        Enumerable.Range(0, Math.Max(0, records.Count - frames.Count + 1)).Any(start => records.Skip(start).Take(frames.Count).SequenceEqual(frames));

    private static async Task<(int Opcode, byte[] Payload, int WireLength)> ReadFrameAsync(Stream stream)
    {
        var head = new byte[2];
        await stream.ReadExactlyAsync(head);
        long length = head[1] & 0x7F;
        var extended = length switch { 126 => 2, 127 => 8, _ => 0 };
        var lengthBytes = new byte[extended];
        await stream.ReadExactlyAsync(lengthBytes);
        if (extended > 0) length = lengthBytes.Aggregate(0L, (total, b) => (total << 8) | b);
        var payload = new byte[length];
        await stream.ReadExactlyAsync(payload);
        return (head[0] & 0x0F, payload, 2 + extended + (int)length);
    }
}
