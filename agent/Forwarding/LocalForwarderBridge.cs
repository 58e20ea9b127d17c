using System.Net;
using System.Net.Sockets;

namespace Paralus.Agent.Forwarding;

/// <summary>
/// Hands a tunnel data connection to the agent's own HTTP server on loopback by copying bytes both ways, so
/// HTTP parsing, keep-alive and upgrades are Kestrel's job and the tunnel stays a dumb pipe.
/// </summary>
internal sealed class LocalForwarderBridge
{
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

    private static async Task CopyAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        try
        {
            await from.CopyToAsync(to, 81920, cancellationToken);
            await to.FlushAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or System.Net.WebSockets.WebSocketException)
        {
            // One side closed: the other copy is cancelled next.
        }
    }
}
