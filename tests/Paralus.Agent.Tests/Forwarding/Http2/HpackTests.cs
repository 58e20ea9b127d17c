using System.Buffers;
using Paralus.Agent.Forwarding.Http2;

namespace Paralus.Agent.Tests.Forwarding.Http2;

/// <summary>
/// The agent reads every request header block a relay sends (RFC 7541) and writes its own: what it reads must be
/// what the relay meant, and anything it cannot read must be refused, never guessed at.
/// </summary>
public sealed class HpackTests
{
    [Fact]
    public void StaticEntries_AndLiterals_Decode()
    {
        // :method GET (2), :path with a literal value (name 4), a new name never indexed.
        byte[] block = [0x82, 0x04, 0x05, .. "/api/"u8, 0x10, 0x01, (byte)'a', 0x01, (byte)'b'];

        Assert.Equal([(":method", "GET"), (":path", "/api/"), ("a", "b")], new HpackDecoder().Decode(block));
    }

    [Fact]
    public void IndexedLiterals_AreRemembered_UntilTheTableShrinks()
    {
        var decoder = new HpackDecoder();
        // Literal with incremental indexing, new name: becomes entry 62.
        decoder.Decode([0x40, 0x01, (byte)'x', 0x02, (byte)'y', (byte)'z']);
        Assert.Equal([("x", "yz")], decoder.Decode([0xBE]));

        // A table size update to 0 evicts it.
        Assert.Empty(decoder.Decode([0x20]));
        Assert.Throws<Http2ProtocolException>(() => decoder.Decode([0xBE]));
    }

    [Fact]
    public void NewestEntry_IsNumberedFirst()
    {
        var decoder = new HpackDecoder();
        decoder.Decode([0x40, 0x01, (byte)'a', 0x01, (byte)'1', 0x40, 0x01, (byte)'b', 0x01, (byte)'2']);

        Assert.Equal([("b", "2"), ("a", "1")], decoder.Decode([0xBE, 0xBF]));
    }

    /// <summary>An encoder that may use a larger table than HPACK's default (the apiserver allowed it) without announcing it.</summary>
    [Fact]
    public void TablesLargerThanTheDefault_AreFollowed()
    {
        var decoder = new HpackDecoder();
        var value = new string('v', 3000);
        byte[] entry = [0x40, 0x01, (byte)'a', 0x7F, 0xB9, 0x16, .. System.Text.Encoding.ASCII.GetBytes(value)];
        decoder.Decode(entry);
        decoder.Decode(entry);

        // Two entries of 3,033 bytes each: more than 4,096, so a decoder held to the default would have lost the older.
        Assert.Equal([("a", value), ("a", value)], decoder.Decode([0xBE, 0xBF]));
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x81, 0xFF, 0x01, 0x61 }, "Huffman")]
    [InlineData(new byte[] { 0xFF, 0x80, 0x80, 0x80, 0x80, 0x01 }, "integer")]
    [InlineData(new byte[] { 0x00, 0x05, 0x61 }, "past the end")]
    [InlineData(new byte[] { 0xC5 }, "not in the table")]
    [InlineData(new byte[] { 0x3F, 0xE1, 0xFF, 0x07 }, "dynamic table size")]
    public void MalformedOrUnsupportedBlocks_AreRefused(byte[] block, string reason)
    {
        var error = Assert.Throws<Http2ProtocolException>(() => new HpackDecoder().Decode(block));
        Assert.Contains(reason, error.Message);
    }

    /// <summary>What the agent writes for the apiserver reads back the same, across CONTINUATION frames when it is long.</summary>
    [Fact]
    public void WrittenBlocks_ReadBack_AcrossContinuationFrames()
    {
        var writer = new HpackBlockWriter();
        var longValue = new string('t', 40_000);
        writer.Add(":method", "GET");
        writer.Add("x-long", longValue);
        writer.AddAuthorization("Bearer token");
        var output = new ArrayBufferWriter<byte>();

        writer.WriteFrames(output, streamId: 7, endStream: true);

        var frames = new List<(Http2FrameHeader Header, byte[] Payload)>();
        var rest = new ReadOnlySequence<byte>(output.WrittenMemory);
        while (Http2FrameHeader.TryRead(rest, out var header))
        {
            frames.Add((header, rest.Slice(Http2FrameHeader.Size, header.Length).ToArray()));
            rest = rest.Slice(header.FrameLength);
        }
        Assert.True(rest.IsEmpty);
        Assert.Equal(3, frames.Count);
        Assert.Equal([Http2FrameHeader.Headers, Http2FrameHeader.Continuation, Http2FrameHeader.Continuation], frames.Select(f => f.Header.Type));
        Assert.All(frames, f => Assert.Equal(7, f.Header.StreamId));
        Assert.All(frames, f => Assert.True(f.Header.Length <= Http2FrameHeader.SafeMaxLength));
        Assert.Equal(Http2FrameHeader.EndStream, frames[0].Header.Flags);
        Assert.Equal(Http2FrameHeader.EndHeaders, frames[^1].Header.Flags);

        var fields = new HpackDecoder().Decode(frames.SelectMany(f => f.Payload).ToArray());
        Assert.Equal([(":method", "GET"), ("x-long", longValue), ("authorization", "Bearer token")], fields);
    }
}
