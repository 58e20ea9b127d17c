namespace Paralus.Functions.Configuration;

/// <summary>How kubectl reaches the relay tier (section <c>Paralus:Kubeconfig</c>); written into every kubeconfig.</summary>
public sealed class KubeconfigOptions
{
    public const string SectionName = "Paralus:Kubeconfig";

    /// <summary>The relay's public base URL; a cluster's server is <c>{RelayUrl}/clusters/{cluster name}</c>.</summary>
    public string RelayUrl { get; set; } = "https://127.0.0.1:7443";

    /// <summary>
    /// PEM file of the CA that signed the relay's server certificate, sent as certificate-authority-data. Empty: no
    /// such field, and kubectl trusts the relay through the system's CA store (right for a publicly trusted certificate).
    /// </summary>
    public string RelayCaFile { get; set; } = "";

    /// <summary>
    /// Written as each cluster's <c>tls-server-name</c>, <c>&lt;cluster&gt;.&lt;suffix&gt;</c>, so requests that lose the
    /// <c>/clusters/&lt;cluster&gt;</c> prefix still reach their cluster; the relay's certificate must cover
    /// <c>*.&lt;suffix&gt;</c> (its own certificate does). Must match the relays' setting. Empty: no tls-server-name.
    /// </summary>
    public string ClusterServerNameSuffix { get; set; } = Domain.Clusters.ClusterServerName.DefaultSuffix;
}
