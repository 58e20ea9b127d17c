using System.Threading.Channels;

namespace Paralus.Sandbox.Streams.Spdy;

/// <summary>A stream the peer opened: its headers, the data it sends, and a way to answer.</summary>
internal sealed class SpdyStream(SpdyConnection connection, uint id, IReadOnlyDictionary<string, string> headers)
{
    private readonly Channel<byte[]> _incoming = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private int _finished;

    public uint Id { get; } = id;

    public IReadOnlyDictionary<string, string> Headers { get; } = headers;

    public string StreamType => Headers.TryGetValue("streamtype", out var type) ? type : "";

    /// <summary>Data from the peer; completes when the peer half-closes (FIN) or resets the stream.</summary>
    public ChannelReader<byte[]> Incoming => _incoming.Reader;

    public Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellation) =>
        connection.SendDataAsync(Id, data, fin: false, cancellation);

    /// <summary>Half-closes our side (an empty DATA frame with FIN), once.</summary>
    public Task FinishAsync(CancellationToken cancellation) =>
        Interlocked.Exchange(ref _finished, 1) == 0 ? connection.SendDataAsync(Id, ReadOnlyMemory<byte>.Empty, fin: true, cancellation) : Task.CompletedTask;

    internal void Receive(byte[] data) => _incoming.Writer.TryWrite(data);

    internal void CompleteIncoming() => _incoming.Writer.TryComplete();
}
