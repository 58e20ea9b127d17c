using Paralus.Relay.Audit;

namespace Paralus.Relay.Proxy;

/// <summary>
/// A user's upgraded WebSocket connection, written one frame at a time, each flushed on its own. Frames reach the
/// relay merged (TLS reads and the tunnel gather whatever has arrived), but the apiserver sends each exec frame in a
/// TLS record of its own, and clients such as Python's wait on the socket for each frame: frames sharing a record
/// would leave them waiting for bytes they already hold (5 s per exec, and sometimes its exit status lost). The bytes
/// each way are counted into the request's audit record, and the frames shown to <paramref name="observer"/>.
/// </summary>
internal sealed class FramePreservingStream(Stream inner, AuditedRequest audit, IWebSocketFrameObserver? observer) : Stream
{
    private readonly WebSocketFrameBoundary _frames = new(observer);

    public override bool CanRead => inner.CanRead;

    public override bool CanWrite => inner.CanWrite;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        audit.ToClient(buffer.Length);
        while (!buffer.IsEmpty)
        {
            var frame = _frames.FrameEnd(buffer.Span);
            await inner.WriteAsync(buffer[..frame], cancellationToken);
            await inner.FlushAsync(cancellationToken);
            buffer = buffer[frame..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        audit.FromClient(read);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }
}
