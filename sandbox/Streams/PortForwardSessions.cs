using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Paralus.Sandbox.Api;
using Paralus.Sandbox.Storage;
using Paralus.Sandbox.Streams.Spdy;

namespace Paralus.Sandbox.Streams;

/// <summary>
/// <c>pods/portforward</c>: SPDY/3.1 with <c>portforward.k8s.io</c>, either tunnelled in a
/// WebSocket (<c>SPDY/3.1+portforward.k8s.io</c>, what kubectl 1.30+ sends) or as a direct
/// upgrade. Every port of every pod is an echo server: each forwarded connection gets back
/// exactly the bytes it sends. Other WebSocket requests get the channel protocol of
/// <see cref="PortForwardChannels"/>.
/// </summary>
internal sealed partial class PortForwardSessions(PortForwardChannels channels, ILogger<PortForwardSessions> logger)
{
    public const string TunnelProtocol = "SPDY/3.1+portforward.k8s.io";
    private static readonly string[] Protocols = ["portforward.k8s.io"];

    public async Task RunAsync(HttpContext context, JsonObject pod)
    {
        var podName = Meta.Name(pod);
        Stream transport;
        if (context.WebSockets.IsWebSocketRequest)
        {
            if (!context.WebSockets.WebSocketRequestedProtocols.Contains(TunnelProtocol))
            {
                await channels.RunAsync(context, pod);
                return;
            }
            transport = await AcceptTunnelAsync(context);
        }
        else if (SpdyUpgrade.IsRequested(context))
        {
            transport = await SpdyUpgrade.AcceptAsync(context, SpdyUpgrade.Negotiate(context, Protocols));
        }
        else
        {
            throw StatusException.BadRequest("port-forward needs a WebSocket or SPDY/3.1 upgrade");
        }

        await using (transport)
        {
            using var connection = new SpdyConnection(transport);
            var readLoop = connection.ReadLoopAsync(context.RequestAborted);
            var echoes = new List<Task>();
            await foreach (var stream in connection.Accepted.ReadAllAsync(context.RequestAborted))
            {
                if (stream.StreamType == "data")
                {
                    var port = stream.Headers.GetValueOrDefault("port", "");
                    LogForward(logger, podName, port);
                    echoes.Add(EchoAsync(stream, context.RequestAborted));
                }
                else
                {
                    // Nothing goes wrong on an echo port: an empty, closed error stream.
                    await stream.FinishAsync(context.RequestAborted);
                }
            }
            await readLoop;
            await Task.WhenAll(echoes);
        }
    }

    /// <summary>
    /// Completes the WebSocket handshake by hand: .NET refuses '/' in a subprotocol name, and
    /// kubectl's is <c>SPDY/3.1+portforward.k8s.io</c>.
    /// </summary>
    private static async Task<Stream> AcceptTunnelAsync(HttpContext context)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        if (upgrade is null || !upgrade.IsUpgradableRequest)
            throw StatusException.BadRequest("port-forward tunnelling needs an HTTP/1.1 WebSocket upgrade");
        var key = context.Request.Headers.SecWebSocketKey.ToString();
        // RFC 6455 fixes SHA-1 for Sec-WebSocket-Accept; no security rests on it.
#pragma warning disable CA5350
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
#pragma warning restore CA5350
        context.Response.Headers.Upgrade = "websocket";
        context.Response.Headers.SecWebSocketAccept = accept;
        context.Response.Headers.SecWebSocketProtocol = TunnelProtocol;
        var raw = await upgrade.UpgradeAsync();
        var socket = WebSocket.CreateFromStream(raw, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.FromSeconds(30) });
        return WebSocketStream.Create(socket, WebSocketMessageType.Binary, ownsWebSocket: true);
    }

    private static async Task EchoAsync(SpdyStream stream, CancellationToken cancellation)
    {
        try
        {
            await foreach (var data in stream.Incoming.ReadAllAsync(cancellation)) await stream.WriteAsync(data, cancellation);
            await stream.FinishAsync(cancellation);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or WebSocketException)
        {
            // The tunnel closed under the connection.
        }
    }

    [LoggerMessage(EventId = 24, Level = LogLevel.Information, Message = "port-forward to pod {Pod} port {Port}: echoing")]
    private static partial void LogForward(ILogger logger, string pod, string port);
}
