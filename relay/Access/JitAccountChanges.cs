using Paralus.Domain.Kubernetes;
using Paralus.TunnelProtocol.Control;

namespace Paralus.Relay.Access;

/// <summary>Which JIT service accounts in a cluster must change, and to what, as <see cref="JitAccountAccess"/> entries for the agent.</summary>
internal static class JitAccountChanges
{
    /// <summary>Users whose access to the cluster differs between two snapshots (granted, changed, or taken away; all of it when the cluster was deleted).</summary>
    public static IReadOnlyList<JitAccountAccess> Between(RelaySnapshot before, RelaySnapshot after, string clusterId)
    {
        var beforeProject = before.View.Clusters.GetValueOrDefault(clusterId)?.Value.ProjectId;
        var afterProject = after.View.Clusters.GetValueOrDefault(clusterId)?.Value.ProjectId;
        // A cluster this relay did not know yet: its agent's sync on connecting covers it.
        if (beforeProject is null) return [];
        var changed = new List<JitAccountAccess>();
        foreach (var userId in before.View.Users.Keys.Union(after.View.Users.Keys))
        {
            var was = HeaderOf(before, userId, beforeProject);
            var now = HeaderOf(after, userId, afterProject);
            if (was == now) continue;
            var name = (after.View.Users.GetValueOrDefault(userId) ?? before.View.Users[userId]).Value.Name;
            changed.Add(new JitAccountAccess(ServiceAccountNames.ForUser(name), name, now));
        }
        return changed;
    }

    /// <summary>
    /// What each of these service accounts should grant now; an account of no known user gets no access (it is
    /// deleted). Nothing when the snapshot does not know the cluster: not knowing is no reason to delete anything.
    /// </summary>
    public static IReadOnlyList<JitAccountAccess> Current(RelaySnapshot snapshot, string clusterId, IEnumerable<string> serviceAccounts)
    {
        if (snapshot.View.Clusters.GetValueOrDefault(clusterId)?.Value.ProjectId is not { } projectId) return [];
        var users = snapshot.View.Users.Values.ToDictionary(u => ServiceAccountNames.ForUser(u.Value.Name), u => u.Value, StringComparer.Ordinal);
        return serviceAccounts.Distinct(StringComparer.Ordinal).Select(account => users.TryGetValue(account, out var user)
            ? new JitAccountAccess(account, user.Name, HeaderOf(snapshot, user.Id, projectId))
            : new JitAccountAccess(account)).ToArray();
    }

    /// <summary>The access header, or null for no access at all (unknown or inactive user, deleted cluster).</summary>
    private static string? HeaderOf(RelaySnapshot snapshot, string userId, string? projectId)
    {
        if (projectId is null || !snapshot.View.Users.ContainsKey(userId)) return null;
        var granted = snapshot.AccessOf(userId, projectId);
        return granted.Access.IsNone ? null : granted.Header;
    }
}
