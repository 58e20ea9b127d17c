namespace Paralus.Functions.Hosting;

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
}
