using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Paralus.Agent.ApiServer;

namespace Paralus.Agent.Forwarding.Http2;

/// <summary>
/// Serves the HTTP/2 tunnel data connections, over which a relay multiplexes every request that is not an upgrade:
/// each is joined to an HTTP/2 connection of its own to the apiserver (<see cref="Http2ConnectionBridge"/>). The agent
/// rewrites only request headers; it does not terminate HTTP, which is what makes this path cheap.
/// </summary>
internal sealed partial class Http2FrameForwarder(ApiServerTarget target, UserCredentials credentials, ILogger<Http2FrameForwarder> logger)
{
    public async Task ServeAsync(Stream tunnel, CancellationToken cancellationToken)
    {
        SslStream apiServer;
        try
        {
            apiServer = await target.ConnectHttp2Async(cancellationToken);
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException)
        {
            LogApiServerUnreachable(logger, target.Server, e.Message);
            try
            {
                await ApiServerUnreachableAnswer.RunAsync(tunnel, target.UnreachableMessage(e.Message), cancellationToken);
            }
            catch (Exception answer) when (Http2ConnectionBridge.IsConnectionEnd(answer))
            {
                // The relay went away first.
            }
            await tunnel.DisposeAsync();
            return;
        }
        await using (apiServer)
        {
            var bridge = new Http2ConnectionBridge(tunnel, apiServer, credentials, target.Server.Authority);
            try
            {
                await bridge.RunAsync(cancellationToken);
            }
            catch (Http2ProtocolException e)
            {
                LogProtocolError(logger, e.Message);
            }
        }
    }

    [LoggerMessage(EventId = 3503, Level = LogLevel.Warning, Message = "Could not open an HTTP/2 connection to the apiserver at {Server}: {Reason}")]
    private static partial void LogApiServerUnreachable(ILogger logger, Uri server, string reason);

    [LoggerMessage(EventId = 3504, Level = LogLevel.Warning, Message = "Closed an HTTP/2 data connection whose relay broke the protocol: {Reason}")]
    private static partial void LogProtocolError(ILogger logger, string reason);
}
