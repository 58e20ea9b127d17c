using System.Buffers;
using System.Text;

namespace Paralus.Agent.Forwarding.Http2;

/// <summary>
/// Writes header fields as HEADERS (and CONTINUATION) frames. Every field is a literal the peer does not index, so
/// the apiserver's decoding table stays empty and never has to follow the relay's.
/// </summary>
internal sealed class HpackBlockWriter
{
    /// <summary>The static table's index of <c>authorization</c>.</summary>
    private const int AuthorizationIndex = 23;
    private readonly ArrayBufferWriter<byte> _block = new(1024);

    public void Add(string name, string value)
    {
        WriteInteger(0x00, 4, 0);
        WriteString(name);
        WriteString(value);
    }

    /// <summary>A credential: marked never-indexed, so no intermediary may keep it in a compression table.</summary>
    public void AddAuthorization(string value)
    {
        WriteInteger(0x10, 4, AuthorizationIndex);
        WriteString(value);
    }

    /// <summary>Frames what was added for <paramref name="streamId"/> into <paramref name="output"/>, and starts over.</summary>
    public void WriteFrames(IBufferWriter<byte> output, int streamId, bool endStream)
    {
        var rest = _block.WrittenSpan;
        var type = Http2FrameHeader.Headers;
        do
        {
            var chunk = rest[..Math.Min(rest.Length, Http2FrameHeader.SafeMaxLength)];
            rest = rest[chunk.Length..];
            var flags = (byte)((type == Http2FrameHeader.Headers && endStream ? Http2FrameHeader.EndStream : 0) | (rest.IsEmpty ? Http2FrameHeader.EndHeaders : 0));
            new Http2FrameHeader(chunk.Length, type, flags, streamId).WriteTo(output);
            output.Write(chunk);
            type = Http2FrameHeader.Continuation;
        }
        while (!rest.IsEmpty);
        _block.ResetWrittenCount();
    }

    private void WriteString(string text)
    {
        WriteInteger(0x00, 7, text.Length);
        _block.Advance(Encoding.Latin1.GetBytes(text, _block.GetSpan(text.Length)));
    }

    private void WriteInteger(byte pattern, int prefix, int value)
    {
        var mask = (1 << prefix) - 1;
        var bytes = _block.GetSpan(6);
        if (value < mask)
        {
            bytes[0] = (byte)(pattern | value);
            _block.Advance(1);
            return;
        }
        bytes[0] = (byte)(pattern | mask);
        var written = 1;
        for (value -= mask; value >= 0x80; value >>= 7) bytes[written++] = (byte)((value & 0x7F) | 0x80);
        bytes[written++] = (byte)value;
        _block.Advance(written);
    }
}
