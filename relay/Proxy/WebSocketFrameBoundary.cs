namespace Paralus.Relay.Proxy;

/// <summary>
/// Follows a WebSocket byte stream (RFC 6455, section 5.2) frame by frame, across however the bytes were cut: says
/// where the frame in progress ends, so that each frame can be sent on its own, and shows each frame's payload to an
/// optional <see cref="IWebSocketFrameObserver"/>.
/// </summary>
internal sealed class WebSocketFrameBoundary(IWebSocketFrameObserver? observer = null)
{
    private const int LongestHeader = 14; // 2, 8 bytes of extended length, 4 of mask key

    private readonly byte[] _header = new byte[LongestHeader];
    private int _headerRead;
    private long _payloadLeft = -1; // -1 while a header is being read

    /// <summary>How many bytes of <paramref name="data"/> the frame in progress takes up to its last byte; all of them when it ends later.</summary>
    public int FrameEnd(ReadOnlySpan<byte> data)
    {
        var used = 0;
        while (used < data.Length)
        {
            if (_payloadLeft < 0)
            {
                _header[_headerRead++] = data[used++];
                if (_headerRead < HeaderLength()) continue;
                _payloadLeft = PayloadLength();
                _headerRead = 0;
                observer?.FrameStarted(_header[0] & 0x0F);
            }
            var take = (int)Math.Min(_payloadLeft, data.Length - used);
            observer?.Payload(data.Slice(used, take));
            used += take;
            _payloadLeft -= take;
            if (_payloadLeft == 0)
            {
                _payloadLeft = -1;
                observer?.FrameEnded();
                return used;
            }
        }
        return used;
    }

    private int HeaderLength()
    {
        if (_headerRead < 2) return 2;
        var length = (_header[1] & 0x7F) switch { 126 => 4, 127 => 10, _ => 2 };
        return (_header[1] & 0x80) != 0 ? length + 4 : length;
    }

    private long PayloadLength() => (_header[1] & 0x7F) switch
    {
        126 => (_header[2] << 8) | _header[3],
        127 => (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(_header.AsSpan(2, 8)),
        var shortLength => shortLength,
    };
}
