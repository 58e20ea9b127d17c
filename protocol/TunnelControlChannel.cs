using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;

namespace Paralus.TunnelProtocol;

/// <summary>Reads and writes <see cref="TunnelControlMessage"/>s on a control WebSocket, the same way on both ends.</summary>
public static class TunnelControlChannel
{
    /// <summary>Larger messages are a protocol error: the connection is dropped rather than buffering without end.</summary>
    public const int MaxMessageBytes = 1024 * 1024;

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
        return JsonSerializer.Deserialize<TunnelControlMessage>(message.WrittenSpan)
            ?? throw new JsonException("a control message was null");
    }

    public static Task SendAsync(WebSocket socket, TunnelControlMessage message, CancellationToken cancellationToken) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
}
