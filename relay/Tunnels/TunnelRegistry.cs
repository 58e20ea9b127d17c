using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Paralus.Relay.Tunnels;

/// <summary>Every agent connected to this relay, by cluster id. Several agent replicas of one cluster share the load.</summary>
internal sealed class TunnelRegistry
{
    private readonly ConcurrentDictionary<string, ImmutableArray<AgentSession>> _byCluster = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AgentSession> _byId = new(StringComparer.Ordinal);
    private int _next;

    public void Add(AgentSession session)
    {
        _byId[session.Id] = session;
        _byCluster.AddOrUpdate(session.ClusterId, [session], (_, sessions) => sessions.Add(session));
    }

    public void Remove(AgentSession session)
    {
        _byId.TryRemove(session.Id, out _);
        _byCluster.AddOrUpdate(session.ClusterId, [], (_, sessions) => sessions.Remove(session));
    }

    public AgentSession? FindSession(string sessionId) => _byId.GetValueOrDefault(sessionId);

    public IReadOnlyList<AgentSession> SessionsOf(string clusterId) => _byCluster.TryGetValue(clusterId, out var sessions) ? sessions : [];

    /// <summary>Clusters with at least one open agent session here.</summary>
    public IReadOnlyList<string> ConnectedClusters() => _byCluster.Where(c => c.Value.Any(s => s.IsOpen)).Select(c => c.Key).ToArray();

    public bool IsConnected(string clusterId) => SessionsOf(clusterId).Any(s => s.IsOpen);

    /// <summary>An open session of the cluster serves HTTP/2 data connections.</summary>
    public bool ServesHttp2(string clusterId) => SessionsOf(clusterId).Any(s => s.IsOpen && s.ServesHttp2);

    /// <summary>
    /// Picks an open session of the cluster (one whose agent serves HTTP/2, when <paramref name="http2"/>), round robin;
    /// null when no such agent of that cluster is connected.
    /// </summary>
    public AgentSession? Pick(string clusterId, bool http2 = false)
    {
        var open = SessionsOf(clusterId).Where(s => s.IsOpen && (!http2 || s.ServesHttp2)).ToArray();
        return open.Length == 0 ? null : open[(int)((uint)Interlocked.Increment(ref _next) % open.Length)];
    }
}
