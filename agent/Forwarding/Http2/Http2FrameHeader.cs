using System.Buffers;
using System.Buffers.Binary;

namespace Paralus.Agent.Forwarding.Http2;

/// <summary>The nine bytes in front of every HTTP/2 frame (RFC 9113, section 4.1), and the types and flags the agent looks at.</summary>
internal readonly record struct Http2FrameHeader(int Length, byte Type, byte Flags, int StreamId)
{
    public const int Size = 9;

    public const byte Data = 0x0;
    public const byte Headers = 0x1;
    public const byte RstStream = 0x3;
    public const byte Settings = 0x4;
    public const byte PushPromise = 0x5;
    public const byte GoAway = 0x7;
    public const byte WindowUpdate = 0x8;
    public const byte Continuation = 0x9;

    public const byte EndStream = 0x1;
    public const byte Ack = 0x1;
    public const byte EndHeaders = 0x4;
    public const byte Padded = 0x8;
    public const byte Priority = 0x20;

    /// <summary>What a client sends before its first frame (RFC 9113, section 3.4).</summary>
    public static ReadOnlySpan<byte> ClientPreface => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    /// <summary>Every peer accepts frames of this size (the protocol's smallest allowed maximum).</summary>
    public const int SafeMaxLength = 16 * 1024;

    public int FrameLength => Size + Length;

    public bool Has(byte flag) => (Flags & flag) != 0;

    /// <summary>The header at the start of <paramref name="buffer"/>, when all nine bytes are there.</summary>
    public static bool TryRead(ReadOnlySequence<byte> buffer, out Http2FrameHeader header)
    {
        if (buffer.Length < Size)
        {
            header = default;
            return false;
        }
        Span<byte> bytes = stackalloc byte[Size];
        buffer.Slice(0, Size).CopyTo(bytes);
        header = new Http2FrameHeader((bytes[0] << 16) | (bytes[1] << 8) | bytes[2], bytes[3], bytes[4],
            (int)(BinaryPrimitives.ReadUInt32BigEndian(bytes[5..]) & 0x7FFF_FFFF));
        return true;
    }

    /// <summary>The header at the start of <paramref name="buffer"/>, when the whole frame it starts is there.</summary>
    public static bool TryReadWhole(ReadOnlySequence<byte> buffer, out Http2FrameHeader header) =>
        TryRead(buffer, out header) && buffer.Length >= header.FrameLength;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var bytes = output.GetSpan(Size);
        bytes[0] = (byte)(Length >> 16);
        bytes[1] = (byte)(Length >> 8);
        bytes[2] = (byte)Length;
        bytes[3] = Type;
        bytes[4] = Flags;
        BinaryPrimitives.WriteUInt32BigEndian(bytes[5..], (uint)StreamId);
        output.Advance(Size);
    }
}
