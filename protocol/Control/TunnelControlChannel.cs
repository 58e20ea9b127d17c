using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Paralus.TunnelProtocol.Control;

/// <summary>Reads and writes <see cref="TunnelControlMessage"/>s on a control WebSocket, the same way on both ends.</summary>
public static class TunnelControlChannel
{
    /// <summary>Larger messages are a protocol error: the connection is dropped rather than buffering without end.</summary>
    public const int MaxMessageBytes = 1024 * 1024;

    // Strict where a known message is malformed (a missing required field ends the session like bad JSON does), lenient
    // where a newer peer may differ: the type may come anywhere in the object, unknown fields and types are ignored.
    private static readonly JsonSerializerOptions Options = new()
    {
        AllowOutOfOrderMetadataProperties = true,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The next message, or null when the peer closed the connection.</summary>
    public static async Task<TunnelControlMessage?> ReadAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var message = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var result = await socket.ReceiveAsync(message.GetMemory(4096), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            message.Advance(result.Count);
            if (message.WrittenCount > MaxMessageBytes) throw new WebSocketException(WebSocketError.InvalidState, $"a control message exceeded {MaxMessageBytes} bytes");
            if (result.EndOfMessage) break;
        }
        return Parse(message.WrittenSpan);
    }

    public static Task SendAsync(WebSocket socket, TunnelControlMessage message, CancellationToken cancellationToken) =>
        socket.SendAsync(Format(message), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    internal static TunnelControlMessage Parse(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<TunnelControlMessage>(json, Options) ?? throw new JsonException("a control message was null");

    internal static byte[] Format(TunnelControlMessage message) => JsonSerializer.SerializeToUtf8Bytes(message, Options);
}
