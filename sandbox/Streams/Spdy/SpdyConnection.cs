using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Paralus.Sandbox.Streams.Spdy;

/// <summary>
/// The server side of a SPDY/3.1 connection, as much as Kubernetes streaming needs: the peer
/// opens streams (SYN_STREAM, answered at once with SYN_REPLY), both sides send DATA and FIN;
/// PING is echoed, received data is acknowledged with WINDOW_UPDATE, SETTINGS are ignored.
/// </summary>
internal sealed class SpdyConnection(Stream transport) : IDisposable
{
    private const int Version = 3;
    private const ushort SynStream = 1;
    private const ushort SynReply = 2;
    private const ushort RstStream = 3;
    private const ushort Ping = 6;
    private const ushort GoAway = 7;
    private const ushort HeadersFrame = 8;
    private const ushort WindowUpdate = 9;
    private const byte FlagFin = 0x01;
    private const int MaxDataFrame = 32 * 1024;

    private readonly SpdyHeaderCodec _codec = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<uint, SpdyStream> _streams = new();
    private readonly Channel<SpdyStream> _accepted = Channel.CreateUnbounded<SpdyStream>();

    /// <summary>Streams opened by the peer, in order.</summary>
    public ChannelReader<SpdyStream> Accepted => _accepted.Reader;

    /// <summary>Reads frames until the peer goes away; run it alongside the session logic.</summary>
    public async Task ReadLoopAsync(CancellationToken cancellation)
    {
        var header = new byte[8];
        try
        {
            while (true)
            {
                var read = await transport.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellation);
                if (read < header.Length) break;
                var flags = header[4];
                var length = (header[5] << 16) | (header[6] << 8) | header[7];
                var payload = new byte[length];
                await transport.ReadExactlyAsync(payload, cancellation);
                if ((header[0] & 0x80) == 0)
                {
                    await OnDataAsync(BinaryPrimitives.ReadUInt32BigEndian(header) & 0x7fffffff, flags, payload, cancellation);
                    continue;
                }
                var type = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2));
                if (type == GoAway) break;
                await OnControlAsync(type, flags, payload, cancellation);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or EndOfStreamException or System.Net.WebSockets.WebSocketException)
        {
            // The peer or the session ended the connection.
        }
        finally
        {
            foreach (var stream in _streams.Values) stream.CompleteIncoming();
            _accepted.Writer.TryComplete();
        }
    }

    public async Task SendDataAsync(uint streamId, ReadOnlyMemory<byte> data, bool fin, CancellationToken cancellation)
    {
        do
        {
            var chunk = data[..Math.Min(data.Length, MaxDataFrame)];
            data = data[chunk.Length..];
            var frame = new byte[8 + chunk.Length];
            BinaryPrimitives.WriteUInt32BigEndian(frame, streamId & 0x7fffffff);
            frame[4] = fin && data.IsEmpty ? FlagFin : (byte)0;
            WriteLength(frame, chunk.Length);
            chunk.CopyTo(frame.AsMemory(8));
            await WriteFrameAsync(frame, cancellation);
        }
        while (!data.IsEmpty);
    }

    /// <summary>Tells the peer we are done; it then closes the connection.</summary>
    public Task GoAwayAsync(CancellationToken cancellation)
    {
        var payload = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(payload, _streams.Keys.DefaultIfEmpty(0u).Max());
        return WriteControlAsync(GoAway, 0, payload, cancellation);
    }

    public void Dispose()
    {
        _codec.Dispose();
        _writeLock.Dispose();
    }

    private async Task OnControlAsync(ushort type, byte flags, byte[] payload, CancellationToken cancellation)
    {
        switch (type)
        {
            case SynStream:
                var id = BinaryPrimitives.ReadUInt32BigEndian(payload) & 0x7fffffff;
                var headers = await _codec.DecompressAsync(payload.AsMemory(10), cancellation);
                var stream = new SpdyStream(this, id, headers);
                _streams[id] = stream;
                var reply = new byte[4];
                BinaryPrimitives.WriteUInt32BigEndian(reply, id);
                await WriteControlAsync(SynReply, 0, [.. reply, .. _codec.Compress(new Dictionary<string, string>())], cancellation);
                if ((flags & FlagFin) != 0) stream.CompleteIncoming();
                _accepted.Writer.TryWrite(stream);
                break;
            case HeadersFrame:
                // Decoded only to keep the shared zlib stream in step.
                await _codec.DecompressAsync(payload.AsMemory(4), cancellation);
                break;
            case RstStream:
                if (_streams.TryGetValue(BinaryPrimitives.ReadUInt32BigEndian(payload) & 0x7fffffff, out var reset)) reset.CompleteIncoming();
                break;
            case Ping:
                await WriteControlAsync(Ping, 0, payload, cancellation);
                break;
        }
    }

    private async Task OnDataAsync(uint streamId, byte flags, byte[] payload, CancellationToken cancellation)
    {
        if (!_streams.TryGetValue(streamId, out var stream)) return;
        if (payload.Length > 0)
        {
            stream.Receive(payload);
            await AcknowledgeAsync(streamId, payload.Length, cancellation);
            await AcknowledgeAsync(0, payload.Length, cancellation);
        }
        if ((flags & FlagFin) != 0) stream.CompleteIncoming();
    }

    private Task AcknowledgeAsync(uint streamId, int bytes, CancellationToken cancellation)
    {
        var payload = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(payload, streamId);
        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(4), (uint)bytes);
        return WriteControlAsync(WindowUpdate, 0, payload, cancellation);
    }

    private Task WriteControlAsync(ushort type, byte flags, byte[] payload, CancellationToken cancellation)
    {
        var frame = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, 0x8000 | Version);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), type);
        frame[4] = flags;
        WriteLength(frame, payload.Length);
        payload.CopyTo(frame, 8);
        return WriteFrameAsync(frame, cancellation);
    }

    private async Task WriteFrameAsync(byte[] frame, CancellationToken cancellation)
    {
        await _writeLock.WaitAsync(cancellation);
        try
        {
            await transport.WriteAsync(frame, cancellation);
            await transport.FlushAsync(cancellation);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static void WriteLength(byte[] frame, int length)
    {
        frame[5] = (byte)(length >> 16);
        frame[6] = (byte)(length >> 8);
        frame[7] = (byte)length;
    }
}
