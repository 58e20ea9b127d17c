using System.Text;
using Paralus.Relay.Access;
using Paralus.Relay.Audit;
using Paralus.Relay.Proxy;

namespace Paralus.Relay.Tests;

/// <summary>How an exec ended, read from the apiserver's WebSocket frames however they were cut, under the binary and the base64 protocols.</summary>
public sealed class ErrorChannelReaderTests
{
    private const string NonZero = """{"metadata":{},"status":"Failure","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"3"}]}}""";

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public void TheStatusOnChannelThree_GivesTheExitCode_HoweverTheBytesWereCut(int cut)
    {
        var audit = Audit();
        var stream = Concat(Frame(2, [1, .. "hi\n"u8]), Frame(2, [3, .. Encoding.UTF8.GetBytes(NonZero)]), Frame(8, [0x03, 0xE8]));

        Follow(new WebSocketFrameBoundary(new ErrorChannelReader(audit, base64: false)), stream, cut);

        Assert.Equal(3, audit.ExitCode);
    }

    [Fact]
    public void UnderTheBase64Protocol_TheChannelIsADigitAndTheStatusBase64()
    {
        var audit = Audit();
        var status = Encoding.ASCII.GetBytes("3" + Convert.ToBase64String("""{"status":"Success"}"""u8));

        Follow(new WebSocketFrameBoundary(new ErrorChannelReader(audit, base64: true)), Frame(1, status), 5);

        Assert.Equal(0, audit.ExitCode);
    }

    [Fact]
    public void OutputThatLooksLikeAStatus_OnAnotherChannel_OrACloseCode_IsNotTakenForOne()
    {
        var audit = Audit();
        var stream = Concat(Frame(2, [1, .. Encoding.UTF8.GetBytes(NonZero)]), Frame(8, [0x03, 0xE8]), Frame(9, [3, .. Encoding.UTF8.GetBytes(NonZero)]));

        Follow(new WebSocketFrameBoundary(new ErrorChannelReader(audit, base64: false)), stream, 7);

        Assert.Null(audit.ExitCode);
    }

    private static AuditedRequest Audit() => new("id", DateTimeOffset.UnixEpoch, 0, new RelayUser("u1", "sally@example.com", null, null), "sandbox");

    private static void Follow(WebSocketFrameBoundary frames, byte[] stream, int cut)
    {
        for (var offset = 0; offset < stream.Length;)
        {
            var piece = stream.AsSpan(offset, Math.Min(cut, stream.Length - offset));
            while (!piece.IsEmpty)
            {
                var used = frames.FrameEnd(piece);
                piece = piece[used..];
                offset += used;
            }
        }
    }

    /// <summary>An unmasked frame, as a server sends it; a 16-bit length when the payload needs one.</summary>
    private static byte[] Frame(int opcode, byte[] payload)
    {
        byte[] header = payload.Length < 126 ? [(byte)(0x80 | opcode), (byte)payload.Length] : [(byte)(0x80 | opcode), 126, (byte)(payload.Length >> 8), (byte)payload.Length];
        return [.. header, .. payload];
    }

    private static byte[] Concat(params byte[][] frames) => frames.SelectMany(f => f).ToArray();
}
