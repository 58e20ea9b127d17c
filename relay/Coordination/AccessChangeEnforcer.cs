using Paralus.Domain.Kubernetes;
using Paralus.Relay.Access;
using Paralus.Relay.Proxy;
using Paralus.Relay.Tunnels;
using Paralus.TunnelProtocol.Control;

namespace Paralus.Relay.Coordination;

/// <summary>
/// Applies a new policy snapshot to what is already running: ends every forwarded request (watch, log follow, exec,
/// attach, port-forward) its user may no longer make, and tells the agents of the clusters connected here which JIT
/// service accounts to change or delete.
/// </summary>
internal sealed partial class AccessChangeEnforcer(OpenRequests open, RelayAuthenticator authenticator, TunnelRegistry tunnels, ILogger<AccessChangeEnforcer> logger) : ISnapshotChangeHandler
{
    public async Task ApplyAsync(RelaySnapshot before, RelaySnapshot after, CancellationToken cancellationToken)
    {
        foreach (var request in open.All)
        {
            if (WhyNotAllowed(request, after) is not { } reason) continue;
            try
            {
                // Aborting the connection is what kubectl sees as the end of a watch or an exec session.
                request.Http.Abort();
                LogEnded(logger, request.User.UserName, request.ClusterName, request.Request, reason);
            }
            catch (ObjectDisposedException)
            {
                // It finished on its own meanwhile; the other requests must still be judged.
            }
        }

        // A deleted cluster's agent keeps its certificate; its tunnels end here, and it cannot open new ones.
        foreach (var clusterId in tunnels.ConnectedClusters().Where(id => !after.View.Clusters.ContainsKey(id)))
        {
            foreach (var session in tunnels.SessionsOf(clusterId)) session.Drop();
            LogTunnelsDropped(logger, clusterId);
        }

        var settings = after.View.Settings.Value;
        var settingsChanged = settings.ServiceAccountInactivityTimeout != before.View.Settings.Value.ServiceAccountInactivityTimeout;
        foreach (var clusterId in tunnels.ConnectedClusters())
        {
            var changed = JitAccountChanges.Between(before, after, clusterId);
            if (changed.Count == 0 && !settingsChanged) continue;
            foreach (var session in tunnels.SessionsOf(clusterId))
            {
                try
                {
                    if (settingsChanged) await session.SendAsync(AgentSettings.Of(settings), cancellationToken);
                    if (changed.Count == 0) continue;
                    await session.SendReconcileAsync(changed, cancellationToken);
                    LogReconcileSent(logger, clusterId, changed.Count);
                }
                catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or ObjectDisposedException)
                {
                    // That session is going away; its agent gets a full sync when it reconnects.
                    LogReconcileFailed(logger, clusterId, e.Message);
                }
            }
        }
    }

    private string? WhyNotAllowed(OpenRequest request, RelaySnapshot snapshot)
    {
        if (authenticator.Recheck(request.User, snapshot) is { } refusal) return refusal;
        var (_, granted) = snapshot.AccessTo(request.User.UserId, request.ClusterName);
        if (granted is null) return "no access to the cluster any more";
        var decision = KubernetesRequestAuthorizer.Authorize(granted.Access, request.Request);
        return decision.IsAllowed ? null : decision.DenialReason;
    }

    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "Ended {User}'s open request on cluster {Cluster} ({Request}): {Reason}")]
    private static partial void LogEnded(ILogger logger, string user, string cluster, KubernetesRequestInfo request, string reason);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Information, Message = "Told the agent of cluster {ClusterId} to reconcile {Accounts} service accounts")]
    private static partial void LogReconcileSent(ILogger logger, string clusterId, int accounts);

    [LoggerMessage(EventId = 2304, Level = LogLevel.Information, Message = "Dropped the tunnels of deleted cluster {ClusterId}")]
    private static partial void LogTunnelsDropped(ILogger logger, string clusterId);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Warning, Message = "Could not send a reconcile to cluster {ClusterId}: {Reason}")]
    private static partial void LogReconcileFailed(ILogger logger, string clusterId, string reason);
}
