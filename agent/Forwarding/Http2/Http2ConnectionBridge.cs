using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.WebSockets;
using Paralus.TunnelProtocol;

namespace Paralus.Agent.Forwarding.Http2;

/// <summary>
/// One relay HTTP/2 connection joined to one apiserver HTTP/2 connection. From the relay, every frame passes as is
/// except request header blocks: those are decoded, stripped of what a client must not send, pointed at the
/// apiserver and given the user's JIT token. From the apiserver, frames pass as is. A request the agent refuses (no
/// relay headers, no service account) never reaches the apiserver: the agent answers it with a Kubernetes Status,
/// then drops the relay's frames for that stream and settles the flow-control credit the apiserver never saw.
/// </summary>
internal sealed class Http2ConnectionBridge(Stream tunnel, Stream apiServer, UserCredentials credentials, string authority)
{
    /// <summary>The largest header block (HEADERS and CONTINUATION frames together) the agent reads, the apiserver's own limit.</summary>
    private const int MaxHeaderBlock = 1024 * 1024;
    // Zero-byte reads wait for data before renting a buffer, so connections of idle watches hold none.
    private static readonly StreamPipeReaderOptions ReaderOptions = new(bufferSize: 16 * 1024, minimumReadSize: 4 * 1024, useZeroByteReads: true);

    private readonly TunnelFrameWriter _toRelay = new(tunnel);
    // The apiserver's SETTINGS must be the first frame the relay sees: the agent's own frames wait for it.
    private readonly TaskCompletionSource _serverPrefacePassed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ArrayBufferWriter<byte> _toApiServer = new(16 * 1024);
    private readonly HpackDecoder _decoder = new();
    private readonly HpackBlockWriter _headers = new();
    private readonly ArrayBufferWriter<byte> _block = new(1024);
    private readonly HashSet<int> _refused = [];
    private int _lastStream;
    // The stream whose header block is being gathered from HEADERS and CONTINUATION frames; 0 when none.
    private int _blockStream;
    private bool _blockEndsStream;
    // The rest of a frame that is passing through, or being dropped, as its bytes arrive.
    private long _copyRemaining;
    private long _dropRemaining;
    // Connection credit the relay grants for the agent's own answers, which the apiserver must not receive.
    private long _owedCredit;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var responses = CopyResponsesAsync();
        try
        {
            await CopyRequestsAsync(cancellationToken);
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            // Either side went away: the other is closed below.
        }
        finally
        {
            await apiServer.DisposeAsync();
            await responses;
        }
    }

    private async Task CopyRequestsAsync(CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(tunnel, ReaderOptions);
        try
        {
            if (!await PassPrefaceAsync(reader, cancellationToken)) return;
            while (true)
            {
                var read = await reader.ReadAsync(cancellationToken);
                var rest = await ForwardFramesAsync(read.Buffer, cancellationToken);
                reader.AdvanceTo(rest.Start, read.Buffer.End);
                await FlushToApiServerAsync(cancellationToken);
                if (read.IsCompleted) return;
            }
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    private async Task<bool> PassPrefaceAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            var length = Http2FrameHeader.ClientPreface.Length;
            if (read.Buffer.Length >= length)
            {
                if (!read.Buffer.Slice(0, length).ToArray().AsSpan().SequenceEqual(Http2FrameHeader.ClientPreface)) throw new Http2ProtocolException("the connection did not start with the HTTP/2 preface");
                _toApiServer.Write(Http2FrameHeader.ClientPreface);
                reader.AdvanceTo(read.Buffer.GetPosition(length));
                return true;
            }
            if (read.IsCompleted) return false;
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    /// <summary>Handles every frame, or part of one, that has arrived; returns what must wait for more bytes.</summary>
    private async ValueTask<ReadOnlySequence<byte>> ForwardFramesAsync(ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_copyRemaining > 0 || _dropRemaining > 0)
            {
                var copying = _copyRemaining > 0;
                var take = Math.Min(copying ? _copyRemaining : _dropRemaining, buffer.Length);
                if (copying)
                {
                    foreach (var segment in buffer.Slice(0, take)) _toApiServer.Write(segment.Span);
                    _copyRemaining -= take;
                }
                else
                {
                    _dropRemaining -= take;
                }
                buffer = buffer.Slice(take);
                if (_copyRemaining > 0 || _dropRemaining > 0) return buffer;
            }
            if (!Http2FrameHeader.TryRead(buffer, out var frame)) return buffer;
            if (_blockStream != 0 && frame.Type != Http2FrameHeader.Continuation) throw new Http2ProtocolException("a header block was interrupted by another frame");
            switch (frame.Type)
            {
                case Http2FrameHeader.Headers or Http2FrameHeader.Continuation:
                    if (frame.Length > MaxHeaderBlock) throw new Http2ProtocolException($"a header block larger than {MaxHeaderBlock} bytes");
                    if (buffer.Length < frame.FrameLength) return buffer;
                    await OnHeaderFragmentAsync(frame, buffer.Slice(Http2FrameHeader.Size, frame.Length), cancellationToken);
                    buffer = buffer.Slice(frame.FrameLength);
                    break;
                case Http2FrameHeader.PushPromise:
                    throw new Http2ProtocolException("a client may not push");
                case Http2FrameHeader.WindowUpdate when frame.StreamId == 0 && _owedCredit > 0:
                    if (frame.Length != 4) throw new Http2ProtocolException("a WINDOW_UPDATE frame must be 4 bytes");
                    if (buffer.Length < frame.FrameLength) return buffer;
                    SettleCredit(buffer.Slice(Http2FrameHeader.Size, 4));
                    buffer = buffer.Slice(frame.FrameLength);
                    break;
                case var _ when frame.StreamId != 0 && _refused.Contains(frame.StreamId):
                    // The apiserver never opened this stream; what the relay sends on it would be a protocol error there.
                    if (frame.Type == Http2FrameHeader.Data && frame.Length > 0) await GrantToRelayAsync(frame.Length, cancellationToken);
                    _dropRemaining = frame.FrameLength;
                    break;
                default:
                    _copyRemaining = frame.FrameLength;
                    break;
            }
        }
    }

    private async ValueTask OnHeaderFragmentAsync(Http2FrameHeader frame, ReadOnlySequence<byte> payload, CancellationToken cancellationToken)
    {
        if (frame.Type == Http2FrameHeader.Headers)
        {
            if (frame.StreamId % 2 == 0) throw new Http2ProtocolException($"HEADERS on stream {frame.StreamId}: a client's streams are odd");
            _blockStream = frame.StreamId;
            _blockEndsStream = frame.Has(Http2FrameHeader.EndStream);
            _block.ResetWrittenCount();
            AppendFragment(payload, frame);
        }
        else
        {
            if (_blockStream == 0 || frame.StreamId != _blockStream) throw new Http2ProtocolException("CONTINUATION without the header block it continues");
            foreach (var segment in payload) _block.Write(segment.Span);
        }
        if (_block.WrittenCount > MaxHeaderBlock) throw new Http2ProtocolException($"a header block larger than {MaxHeaderBlock} bytes");
        if (!frame.Has(Http2FrameHeader.EndHeaders)) return;

        var stream = _blockStream;
        _blockStream = 0;
        // Decoded even when dropped: the decoder's table must follow every block the relay encoded.
        var fields = _decoder.Decode(_block.WrittenSpan);
        if (_refused.Contains(stream)) return;
        if (stream > _lastStream)
        {
            _lastStream = stream;
            await ForwardRequestAsync(stream, fields, cancellationToken);
            return;
        }
        // Trailers: nothing to add, only what must not pass to remove.
        foreach (var (name, value) in fields)
        {
            if (!ForwardingHeaders.MustStrip(name)) _headers.Add(name, value);
        }
        _headers.WriteFrames(_toApiServer, stream, _blockEndsStream);
    }

    /// <summary>Gathers a HEADERS frame's fragment without its padding and priority fields.</summary>
    private void AppendFragment(ReadOnlySequence<byte> payload, Http2FrameHeader frame)
    {
        var offset = 0;
        var padding = 0;
        if (frame.Has(Http2FrameHeader.Padded))
        {
            if (payload.IsEmpty) throw new Http2ProtocolException("a padded HEADERS frame without its pad length");
            padding = payload.FirstSpan.IsEmpty ? payload.Slice(0, 1).ToArray()[0] : payload.FirstSpan[0];
            offset = 1;
        }
        if (frame.Has(Http2FrameHeader.Priority)) offset += 5;
        var length = payload.Length - offset - padding;
        if (length < 0) throw new Http2ProtocolException("a HEADERS frame shorter than its padding and priority");
        foreach (var segment in payload.Slice(offset, length)) _block.Write(segment.Span);
    }

    private async ValueTask ForwardRequestAsync(int stream, List<(string Name, string Value)> fields, CancellationToken cancellationToken)
    {
        string? user = null, access = null;
        foreach (var (name, value) in fields)
        {
            if (name.Equals(ForwardingHeaders.User, StringComparison.OrdinalIgnoreCase)) user = value;
            else if (name.Equals(JitAccessHeader.Name, StringComparison.OrdinalIgnoreCase)) access = value;
        }
        var lookup = credentials.ForAsync(user, access, cancellationToken);
        // A first request provisions the account: what came before it need not wait.
        if (!lookup.IsCompleted) await FlushToApiServerAsync(cancellationToken);
        var result = await lookup;
        if (result.Token is not { } token)
        {
            _refused.Add(stream);
            await AnswerAsync(stream, result, cancellationToken);
            return;
        }
        foreach (var (name, value) in fields)
        {
            if (ForwardingHeaders.MustStrip(name)) continue;
            _headers.Add(name, name switch
            {
                // The relay spoke plain HTTP/2 to a tunnel host; the apiserver is reached over TLS under its own name.
                ":scheme" => "https",
                ":authority" or "host" => authority,
                _ => value,
            });
        }
        _headers.AddAuthorization("Bearer " + token);
        _headers.WriteFrames(_toApiServer, stream, _blockEndsStream);
    }

    /// <summary>
    /// The agent's own answer on a stream the apiserver never saw. Its body takes relay credit the apiserver did not
    /// spend, so that much of the relay's next connection WINDOW_UPDATEs is kept back (<see cref="SettleCredit"/>).
    /// </summary>
    private async ValueTask AnswerAsync(int stream, CredentialsResult refusal, CancellationToken cancellationToken)
    {
        var frames = new ArrayBufferWriter<byte>(512);
        _owedCredit += KubernetesStatusFrames.Write(frames, _headers, stream, refusal.Code, refusal.Reason, refusal.Message);
        await WriteOwnFramesAsync(frames, cancellationToken);
    }

    /// <summary>Passes on a relay's connection WINDOW_UPDATE less what it grants for the agent's own answers.</summary>
    private void SettleCredit(ReadOnlySequence<byte> payload)
    {
        Span<byte> bytes = stackalloc byte[4];
        payload.CopyTo(bytes);
        long increment = BinaryPrimitives.ReadUInt32BigEndian(bytes) & 0x7FFF_FFFF;
        var settled = Math.Min(increment, _owedCredit);
        _owedCredit -= settled;
        if (increment > settled) WriteWindowUpdate(_toApiServer, increment - settled);
    }

    /// <summary>Returns to the relay the connection credit a dropped DATA frame took, as the apiserver would have.</summary>
    private async ValueTask GrantToRelayAsync(long increment, CancellationToken cancellationToken)
    {
        var frame = new ArrayBufferWriter<byte>(Http2FrameHeader.Size + 4);
        WriteWindowUpdate(frame, increment);
        await WriteOwnFramesAsync(frame, cancellationToken);
    }

    /// <summary>
    /// Sends the relay frames of the agent's own, once the apiserver's SETTINGS have gone first. What is queued for
    /// the apiserver goes out before: the apiserver sends its SETTINGS only after it has read the relay's preface.
    /// </summary>
    private async ValueTask WriteOwnFramesAsync(ArrayBufferWriter<byte> frames, CancellationToken cancellationToken)
    {
        await FlushToApiServerAsync(cancellationToken);
        await _serverPrefacePassed.Task.WaitAsync(cancellationToken);
        await _toRelay.WriteAsync(new ReadOnlySequence<byte>(frames.WrittenMemory), cancellationToken);
    }

    private static void WriteWindowUpdate(ArrayBufferWriter<byte> output, long increment)
    {
        new Http2FrameHeader(4, Http2FrameHeader.WindowUpdate, 0, 0).WriteTo(output);
        BinaryPrimitives.WriteUInt32BigEndian(output.GetSpan(4), (uint)increment);
        output.Advance(4);
    }

    private async ValueTask FlushToApiServerAsync(CancellationToken cancellationToken)
    {
        if (_toApiServer.WrittenCount == 0) return;
        await apiServer.WriteAsync(_toApiServer.WrittenMemory, cancellationToken);
        _toApiServer.ResetWrittenCount();
    }

    /// <summary>The apiserver's frames to the relay, whole frames at a time so the agent's answers can go between them.</summary>
    private async Task CopyResponsesAsync()
    {
        var reader = PipeReader.Create(apiServer, ReaderOptions);
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync();
                var whole = WholeFrames(read.Buffer);
                if (whole > 0)
                {
                    await _toRelay.WriteAsync(read.Buffer.Slice(0, whole), CancellationToken.None);
                    _serverPrefacePassed.TrySetResult();
                }
                reader.AdvanceTo(read.Buffer.GetPosition(whole), read.Buffer.End);
                if (read.IsCompleted) return;
            }
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            // Closed below.
        }
        finally
        {
            await reader.CompleteAsync();
            _serverPrefacePassed.TrySetResult();
            // The relay sees its connection end, and fails or retries what was in flight.
            await tunnel.DisposeAsync();
        }
    }

    private static long WholeFrames(ReadOnlySequence<byte> buffer)
    {
        long end = 0;
        while (Http2FrameHeader.TryReadWhole(buffer.Slice(end), out var frame)) end += frame.FrameLength;
        return end;
    }

    /// <summary>What reading or writing either side throws when that side has gone away.</summary>
    internal static bool IsConnectionEnd(Exception e) => e is IOException or ObjectDisposedException or WebSocketException or OperationCanceledException;
}
