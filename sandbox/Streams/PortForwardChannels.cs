using System.Buffers.Binary;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Paralus.Sandbox.Api;
using Paralus.Sandbox.Storage;

namespace Paralus.Sandbox.Streams;

/// <summary>
/// <c>pods/portforward</c> over a plain WebSocket with the channel protocol (<c>v4.channel.k8s.io</c>,
/// <c>portforward.k8s.io</c> or no subprotocol), what the C#, Python and JavaScript clients use: for the
/// i-th <c>ports</c> value, channel 2i carries data both ways and channel 2i+1 errors to the client;
/// the first frame the server sends on each channel is the port number, 2 bytes little-endian. Like
/// the SPDY port-forward, every port is an echo server.
/// </summary>
internal sealed partial class PortForwardChannels(ILogger<PortForwardChannels> logger)
{
    public static readonly string[] Protocols = ["v4.channel.k8s.io", "portforward.k8s.io"];

    public async Task RunAsync(HttpContext context, JsonObject pod)
    {
        var podName = Meta.Name(pod);
        var ports = ParsePorts(context);
        var offered = context.WebSockets.WebSocketRequestedProtocols;
        var protocol = Protocols.FirstOrDefault(offered.Contains);
        if (protocol is null && offered.Count > 0)
            throw StatusException.BadRequest($"none of the offered subprotocols ({string.Join(", ", offered)}) is supported; use {string.Join(" or ", [.. Protocols, PortForwardSessions.TunnelProtocol])}");

        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = protocol });
        using var sendLock = new SemaphoreSlim(1, 1);
        var cancellation = context.RequestAborted;
        async Task Send(byte channel, ReadOnlyMemory<byte> data)
        {
            var frame = new byte[data.Length + 1];
            frame[0] = channel;
            data.CopyTo(frame.AsMemory(1));
            await sendLock.WaitAsync(cancellation);
            try
            {
                await socket.SendAsync(frame, WebSocketMessageType.Binary, true, cancellation);
            }
            finally
            {
                sendLock.Release();
            }
        }

        try
        {
            for (var i = 0; i < ports.Count; i++)
            {
                var port = new byte[2];
                BinaryPrimitives.WriteUInt16LittleEndian(port, ports[i]);
                await Send((byte)(2 * i), port);
                await Send((byte)(2 * i + 1), port);
                LogForward(logger, podName, ports[i]);
            }
            await EchoAsync(socket, ports.Count, Send, cancellation);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", cancellation);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The client hung up.
        }
    }

    /// <summary>The <c>ports</c> query values (the kubelet's checks and wording), in order.</summary>
    private static List<ushort> ParsePorts(HttpContext context)
    {
        var values = context.Request.Query["ports"].SelectMany(v => (v ?? "").Split(',')).ToList();
        if (values.Count == 0) throw StatusException.BadRequest("query parameter \"ports\" is required");
        var ports = new List<ushort>();
        foreach (var value in values)
        {
            if (!ushort.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
                throw StatusException.BadRequest($"unable to parse \"{value}\" as a port: it must be a number from 1 to 65535");
            if (port == 0) throw StatusException.BadRequest($"port \"{value}\" must be > 0");
            ports.Add(port);
        }
        // Channel numbers are one byte: two per port.
        if (ports.Count > 128) throw StatusException.BadRequest("at most 128 ports can be forwarded over one connection");
        return ports;
    }

    /// <summary>Sends every frame received on a data channel back on that channel, until the client closes.</summary>
    private static async Task EchoAsync(WebSocket socket, int ports, Func<byte, ReadOnlyMemory<byte>, Task> send, CancellationToken cancellation)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (socket.State == WebSocketState.Open)
        {
            var result = await socket.ReceiveAsync(buffer, cancellation);
            if (result.MessageType == WebSocketMessageType.Close) return;
            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage) continue;
            var frame = message.ToArray();
            message.SetLength(0);
            if (frame.Length > 1 && frame[0] % 2 == 0 && frame[0] / 2 < ports) await send(frame[0], frame.AsMemory(1));
        }
    }

    [LoggerMessage(EventId = 25, Level = LogLevel.Information, Message = "port-forward (WebSocket channels) to pod {Pod} port {Port}: echoing")]
    private static partial void LogForward(ILogger logger, string pod, int port);
}
