using System.Net.WebSockets;
using System.Text.Json;
using Paralus.Relay.Access;
using Paralus.TunnelProtocol.Control;

namespace Paralus.Relay.Tunnels;

/// <summary>
/// The cluster-facing side of the relay (its own listener, mTLS required): <c>/agent/v1/control</c> is an agent's
/// control WebSocket, <c>/agent/v1/data/{session}/{connection}</c> one data connection.
/// </summary>
internal static partial class AgentTunnelEndpoints
{
    public static IEndpointConventionBuilder MapAgentTunnel(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/agent/v1");
        group.Map("/control", Control);
        group.Map("/data/{sessionId}/{connectionId}", Data);
        return group;
    }

    private static async Task Control(HttpContext http, TunnelRegistry registry, AgentCertificateValidator validator, TimeProvider time,
        RelayDirectory directory, IHostApplicationLifetime lifetime, ILogger<AgentSession> logger)
    {
        if (Authenticate(http, validator) is not { } clusterId) return;
        // A valid certificate of a deleted cluster opens nothing: only clusters in the directory get a tunnel.
        await directory.Ready.WaitAsync(http.RequestAborted);
        if (!directory.Current!.View.Clusters.ContainsKey(clusterId))
        {
            LogUnknownCluster(logger, clusterId);
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        if (!http.WebSockets.IsWebSocketRequest)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        // A stopping relay lets its agents go at once, so they move to the other relays instead of waiting out the drain.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var session = new AgentSession(clusterId, socket, time);
        registry.Add(session);
        LogAgentConnected(logger, clusterId, session.Id);
        try
        {
            await session.SendAsync(new RelayWelcome(session.Id, TunnelControlMessage.CurrentVersion), ended.Token);
            await ReadControlAsync(socket, session, directory, logger, ended.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or JsonException)
        {
            LogAgentControlEnded(logger, clusterId, e.Message);
        }
        finally
        {
            registry.Remove(session);
            await session.CloseAsync();
            LogAgentDisconnected(logger, clusterId, session.Id);
        }
    }

    private static async Task ReadControlAsync(WebSocket socket, AgentSession session, RelayDirectory directory, ILogger logger, CancellationToken cancellationToken)
    {
        while (await TunnelControlChannel.ReadAsync(socket, cancellationToken) is { } message)
        {
            switch (message)
            {
                case AgentHello hello:
                    session.Greeted(hello);
                    LogAgentGreeted(logger, session.ClusterId, hello.AgentVersion, hello.KubernetesVersion, hello.ProtocolVersion);
                    break;
                case SyncAccounts { Accounts: var held }:
                    // The agent may have missed changes while it was away: tell it the settings and what each account it
                    // holds should be now. Off the read loop: a relay that has just started may still be loading its snapshot.
                    _ = AnswerSyncAsync(session, held, directory, cancellationToken);
                    break;
            }
        }
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
    }

    private static async Task AnswerSyncAsync(AgentSession session, IReadOnlyList<JitAccountAccess> held, RelayDirectory directory, CancellationToken cancellationToken)
    {
        try
        {
            await directory.Ready.WaitAsync(cancellationToken);
            await session.SendAsync(AgentSettings.Of(directory.Current!.View.Settings.Value), cancellationToken);
            await session.SendReconcileAsync(JitAccountChanges.Current(directory.Current!, session.ClusterId, held.Select(a => a.ServiceAccount)), cancellationToken);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The session ended first; the agent syncs again when it reconnects.
        }
    }

    private static async Task Data(HttpContext http, string sessionId, string connectionId, TunnelRegistry registry, AgentCertificateValidator validator,
        IHostApplicationLifetime lifetime)
    {
        if (Authenticate(http, validator) is not { } clusterId) return;
        if (registry.FindSession(sessionId) is not { } session || session.ClusterId != clusterId || !http.WebSockets.IsWebSocketRequest)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var stream = new TunnelStream(await http.WebSockets.AcceptWebSocketAsync());
        session.Accept(connectionId, stream);
        // The connection is now the forwarder's; keep the request open until it is done with it.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping, session.Dropped);
        await Task.WhenAny(stream.Closed, Task.Delay(Timeout.Infinite, ended.Token));
        await stream.DisposeAsync();
    }

    private static string? Authenticate(HttpContext http, AgentCertificateValidator validator)
    {
        if (http.Connection.ClientCertificate is { } certificate && validator.IsValid(certificate, out var clusterId)) return clusterId;
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return null;
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Agent of cluster {ClusterId} connected (session {SessionId})")]
    private static partial void LogAgentConnected(ILogger logger, string clusterId, string sessionId);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Agent of cluster {ClusterId} disconnected (session {SessionId})")]
    private static partial void LogAgentDisconnected(ILogger logger, string clusterId, string sessionId);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Refused a tunnel for cluster {ClusterId}: no such cluster in the directory")]
    private static partial void LogUnknownCluster(ILogger logger, string clusterId);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Agent of cluster {ClusterId} is version {AgentVersion} on Kubernetes {KubernetesVersion}, tunnel protocol {ProtocolVersion}")]
    private static partial void LogAgentGreeted(ILogger logger, string clusterId, string? agentVersion, string? kubernetesVersion, int protocolVersion);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "Control connection of cluster {ClusterId} ended: {Reason}")]
    private static partial void LogAgentControlEnded(ILogger logger, string clusterId, string reason);
}
