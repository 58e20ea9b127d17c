using Paralus.Domain.Kubernetes;

namespace Paralus.Relay.Proxy;

/// <summary>
/// A user's request target as it came, <c>/clusters/&lt;cluster&gt;/&lt;path&gt;?&lt;query&gt;</c>, or any path when the
/// TLS server name names the cluster (<see cref="Domain.Clusters.ClusterServerName"/>): the cluster, the path and query
/// forwarded byte for byte, and the decoded path the relay decides on. Read from the raw target, never from
/// ASP.NET Core's <c>Request.Path</c>, which is decoded and has its dot segments resolved: the apiserver would read
/// the forwarded bytes differently from it.
/// </summary>
internal sealed record ClusterRequestTarget(string Cluster, string ForwardedPathAndQuery, string DecodedPath, string RawQuery)
{
    private const string Prefix = "/clusters/";

    /// <summary>Null when any request target (path and query, as sent) is unambiguous (<see cref="UnambiguousPath"/>); else why not.</summary>
    private static string? ProblemOf(ReadOnlySpan<char> rawTarget)
    {
        var queryAt = rawTarget.IndexOf('?');
        return queryAt < 0
            ? UnambiguousPath.Problem(rawTarget)
            : UnambiguousPath.Problem(rawTarget[..queryAt]) ?? UnambiguousPath.QueryProblem(rawTarget[queryAt..]);
    }

    /// <summary>Whether the path names its cluster (<c>/clusters/&lt;cluster&gt;/…</c>), as every request of a Paralus kubeconfig's own does.</summary>
    public static bool NamesCluster(string rawTarget) => rawTarget.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>
    /// The target; or null, with why when it is ambiguous (<see cref="UnambiguousPath"/>), and without when neither the
    /// path (<c>/clusters/&lt;cluster&gt;/…</c>, which wins) nor <paramref name="serverNameCluster"/> names a cluster.
    /// </summary>
    public static ClusterRequestTarget? Read(string rawTarget, string? serverNameCluster, out string? problem)
    {
        problem = ProblemOf(rawTarget);
        if (problem is not null) return null;

        var queryAt = rawTarget.IndexOf('?');
        var rawPath = queryAt < 0 ? rawTarget : rawTarget[..queryAt];
        var rawQuery = queryAt < 0 ? "" : rawTarget[queryAt..];
        if (!NamesCluster(rawPath))
        {
            return serverNameCluster is null ? null : new ClusterRequestTarget(serverNameCluster, rawTarget, UnambiguousPath.Decode(rawPath), rawQuery);
        }

        var clusterEnd = rawPath.IndexOf('/', Prefix.Length);
        var cluster = clusterEnd < 0 ? rawPath[Prefix.Length..] : rawPath[Prefix.Length..clusterEnd];
        var forwardedPath = clusterEnd < 0 ? "/" : rawPath[clusterEnd..];
        return new ClusterRequestTarget(UnambiguousPath.Decode(cluster), forwardedPath + rawQuery, UnambiguousPath.Decode(forwardedPath), rawQuery);
    }
}
