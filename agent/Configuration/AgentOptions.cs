namespace Paralus.Agent.Configuration;

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

    /// <summary>
    /// The agent's client certificate and key (PEM), issued at registration. When they do not exist yet and
    /// registration settings are present, the agent registers and writes them (and <see cref="RelayCaFile"/>).
    /// </summary>
    public string CertificateFile { get; set; } = string.Empty;

    public string KeyFile { get; set; } = string.Empty;

    /// <summary>Kubeconfig of the cluster's apiserver; empty inside a cluster (in-cluster service account).</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Idle data connections kept open to each relay so a request pays no dial.</summary>
    public int SpareConnections { get; set; } = 2;

    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The control plane's URL, for registration and certificate renewal.</summary>
    public string? ControlPlaneUrl { get; set; }

    /// <summary>The single-use registration token from the bootstrap manifest (or <see cref="RegistrationTokenFile"/>).</summary>
    public string? RegistrationToken { get; set; }

    public string? RegistrationTokenFile { get; set; }

    /// <summary>Secret in <c>paralus-system</c> that keeps the certificate across pod restarts; empty outside a cluster.</summary>
    public string? CertificateSecret { get; set; }

    /// <summary>True when the agent can obtain its certificate itself instead of finding it in files.</summary>
    public bool CanRegister =>
        !string.IsNullOrWhiteSpace(ControlPlaneUrl)
        && (!string.IsNullOrWhiteSpace(RegistrationToken) || !string.IsNullOrWhiteSpace(RegistrationTokenFile) || !string.IsNullOrWhiteSpace(CertificateSecret));
}
