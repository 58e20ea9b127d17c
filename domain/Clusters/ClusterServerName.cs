namespace Paralus.Domain.Clusters;

/// <summary>
/// The TLS server name a kubeconfig gives a cluster (<c>tls-server-name</c>): <c>&lt;cluster&gt;.&lt;suffix&gt;</c>.
/// kubectl sends it on every connection to the relay's one host, so a request whose path lost the
/// <c>/clusters/&lt;cluster&gt;</c> prefix (<c>kubectl get --raw /version</c>, <c>kubectl proxy</c>) still names its
/// cluster. Nothing resolves it in DNS; the relay's certificate carries <c>*.&lt;suffix&gt;</c>.
/// </summary>
public static class ClusterServerName
{
    public const string DefaultSuffix = "clusters.paralus.internal";

    public static string For(string cluster, string suffix) => $"{cluster}.{suffix}";

    /// <summary>The cluster a TLS server name names under <paramref name="suffix"/>, or null (no name, another name, or more than one label before it).</summary>
    public static string? ClusterOf(string? serverName, string suffix)
    {
        if (string.IsNullOrEmpty(serverName) || suffix.Length == 0 || serverName.Length <= suffix.Length + 1) return null;
        if (!serverName.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) || serverName[^(suffix.Length + 1)] != '.') return null;
        var cluster = serverName[..^(suffix.Length + 1)];
        return cluster.Contains('.') ? null : cluster.ToLowerInvariant();
    }
}
