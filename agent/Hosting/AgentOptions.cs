namespace Paralus.Agent.Hosting;

/// <summary>Settings of the agent (section <c>Paralus:Agent</c>), from its config map in a cluster.</summary>
public sealed class AgentOptions
{
    public const string SectionName = "Paralus:Agent";

    /// <summary>The cluster id; also the common name of the agent's certificate.</summary>
    public string ClusterId { get; set; } = string.Empty;

    /// <summary>Agent endpoints of every relay instance, e.g. <c>https://relay-1:7444</c>. The agent holds a tunnel to each.</summary>
    public List<string> Relays { get; set; } = [];

    /// <summary>The CA the relays' serving certificates chain to (PEM).</summary>
    public string RelayCaFile { get; set; } = string.Empty;

    /// <summary>The agent's client certificate and key (PEM), issued at registration.</summary>
    public string CertificateFile { get; set; } = string.Empty;

    public string KeyFile { get; set; } = string.Empty;

    /// <summary>Kubeconfig of the cluster's apiserver; empty inside a cluster (in-cluster service account).</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Idle data connections kept open to each relay so a request pays no dial.</summary>
    public int SpareConnections { get; set; } = 2;

    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);
}
