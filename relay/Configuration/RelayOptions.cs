namespace Paralus.Relay.Configuration;

/// <summary>Settings of one relay instance (section <c>Paralus:Relay</c>).</summary>
public sealed class RelayOptions
{
    public const string SectionName = "Paralus:Relay";

    /// <summary>The organization whose clusters this relay serves.</summary>
    public string OrganizationName { get; set; } = "paralus";

    /// <summary>Address both listeners bind to.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>kubectl connects here: <c>https://&lt;relay&gt;:UserPort/clusters/&lt;cluster&gt;</c>.</summary>
    public int UserPort { get; set; } = 7443;

    /// <summary>Agents dial out to here (mutual TLS with their agent-CA certificate).</summary>
    public int AgentPort { get; set; } = 7444;

    /// <summary>Holds the relay's serving certificate and the CA that signed it; created on first start.</summary>
    public string CertificateFolder { get; set; } = ".paralus/relay";

    /// <summary>
    /// Clusters are also named by TLS server name, <c>&lt;cluster&gt;.&lt;suffix&gt;</c> (<see cref="Domain.Clusters.ClusterServerName"/>);
    /// the relay's own certificate covers <c>*.&lt;suffix&gt;</c>. Must match the control plane's setting.
    /// </summary>
    public string ClusterServerNameSuffix { get; set; } = Domain.Clusters.ClusterServerName.DefaultSuffix;

    /// <summary>The Paralus agent CA certificate (PEM): the only issuer agents' client certificates are accepted from.</summary>
    public string AgentCaCertificateFile { get; set; } = ".paralus/ca/agent-ca.crt";

    /// <summary>The Paralus user CA certificate (PEM): kubeconfig client certificates must chain to it.</summary>
    public string UserCaCertificateFile { get; set; } = ".paralus/ca/user-ca.crt";

    /// <summary>This instance's name in cluster status ("connected relays"); empty: host name and user port.</summary>
    public string RelayId { get; set; } = string.Empty;

    /// <summary>How often this relay reports the clusters it holds tunnels to.</summary>
    public TimeSpan PresenceInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the policy snapshot is checked against Table Storage while no access-event subscription is attached.</summary>
    public TimeSpan SnapshotRefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The same while access events arrive: a slow safety net only, since every change is announced.</summary>
    public TimeSpan SubscribedRefreshInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Where audit batches wait, one file each, while the broker cannot take them; replayed oldest first.</summary>
    public string AuditSpoolFolder { get; set; } = ".paralus/relay/audit-spool";

    /// <summary>The most the spool holds; past it, new batches are dropped, counted and logged.</summary>
    public long AuditSpoolMaxBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>How long the relay gathers events into one batch before sending it.</summary>
    public TimeSpan AuditBatchWindow { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Not a setting (configuration binds public properties only): the relay benchmark turns audit off on one relay
    /// to measure, side by side, what recording costs. A relay in service always records.
    /// </summary>
    internal bool RecordKubectlAudit { get; set; } = true;

    /// <summary><see cref="RelayId"/>, or the host name and user port when it is not set.</summary>
    public string EffectiveRelayId => RelayId is { Length: > 0 } configured ? configured : $"{Environment.MachineName}-{UserPort}";
}
