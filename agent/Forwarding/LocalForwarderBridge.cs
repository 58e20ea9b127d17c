using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace Paralus.Agent.Forwarding;

/// <summary>
/// Hands a tunnel data connection to the agent's own HTTP server on loopback by copying bytes both ways, so
/// HTTP parsing, keep-alive and upgrades are Kestrel's job and the tunnel stays a dumb pipe.
/// </summary>
internal sealed class LocalForwarderBridge
{
    private const int CopyBufferSize = 16 * 1024;

    private int _port;

    /// <summary>Set once the agent's loopback listener is bound.</summary>
    public void Bind(int port) => _port = port;

    public async Task ServeAsync(Stream tunnel, CancellationToken cancellationToken)
    {
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, _port, cancellationToken);
        await using var local = client.GetStream();
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var up = CopyAsync(tunnel, local, done.Token);
        var down = CopyAsync(local, tunnel, done.Token);
        await Task.WhenAny(up, down);
        await done.CancelAsync();
        await Task.WhenAll(up, down);
    }

    /// <summary>
    /// Copies with a small pooled buffer rented per read. A zero-byte read waits for data first (sockets and
    /// WebSocketStream both block on it), so thousands of idle watches hold no buffers at all.
    /// </summary>
    private static async Task CopyAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                _ = await from.ReadAsync(Memory<byte>.Empty, cancellationToken);
                var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
                try
                {
                    var read = await from.ReadAsync(buffer, cancellationToken);
                    if (read == 0) break;
                    await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
            await to.FlushAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or System.Net.WebSockets.WebSocketException)
        {
            // One side closed: the other copy is cancelled next.
        }
    }
}
