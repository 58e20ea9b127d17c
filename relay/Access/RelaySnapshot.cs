using System.Collections.Concurrent;
using Paralus.Domain.Directory;
using Paralus.Domain.Model;
using Paralus.Domain.Policy;
using Paralus.TunnelProtocol;

namespace Paralus.Relay.Access;

/// <summary>A directory view and the policy compiled from it, swapped together.</summary>
internal sealed record RelaySnapshot(DirectoryView View, PolicySnapshot Policy)
{
    private readonly ConcurrentDictionary<(string UserId, string ProjectId), ClusterAccess> _access = new();

    /// <summary>A user's access on a project's clusters and the header telling the agent: fixed for this snapshot, so computed once.</summary>
    public ClusterAccess AccessOf(string userId, string projectId) => _access.GetOrAdd((userId, projectId), key =>
    {
        var access = Policy.GetKubernetesAccess(key.UserId, key.ProjectId);
        return new ClusterAccess(access, JitAccessHeader.Format(access));
    });

    /// <summary>The cluster and the user's access to it; null access when the cluster does not exist or the user may not reach it.</summary>
    public (Cluster? Cluster, ClusterAccess? Granted) AccessTo(string userId, string clusterName)
    {
        var cluster = View.ClusterByName(clusterName)?.Value;
        var granted = cluster is null ? null : AccessOf(userId, cluster.ProjectId);
        return (cluster, granted is null || granted.Access.IsNone ? null : granted);
    }
}
