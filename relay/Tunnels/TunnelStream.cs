using System.Net.WebSockets;

namespace Paralus.Relay.Tunnels;

/// <summary>
/// One agent data connection as a byte stream. The endpoint that accepted the WebSocket waits on
/// <see cref="Closed"/>, so the connection lives exactly as long as whoever uses the stream keeps it.
/// </summary>
internal sealed class TunnelStream(WebSocket webSocket) : Stream
{
    private readonly Stream _inner = WebSocketStream.Create(webSocket, WebSocketMessageType.Binary, ownsWebSocket: true);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Closed => _closed.Task;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

    public override void Flush() => _inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>
    /// The HTTP client disposes connections synchronously; waiting there for the WebSocket close handshake would hold a
    /// thread-pool thread for seconds per closed stream. The close runs in the background instead.
    /// </summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _ = CloseInBackgroundAsync();
        }
        base.Dispose(disposing);
    }

    private async Task CloseInBackgroundAsync()
    {
        try
        {
            await _inner.DisposeAsync();
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException)
        {
            // The agent is gone already: nothing left to close.
        }
        finally
        {
            _closed.TrySetResult();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await CloseInBackgroundAsync();
        await base.DisposeAsync();
    }
}
