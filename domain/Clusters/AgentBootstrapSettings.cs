namespace Paralus.Domain.Clusters;

/// <summary>What a cluster's agent install manifest is made of.</summary>
/// <param name="Image">The agent's container image, e.g. <c>ghcr.io/paralus-cloud/agent:0.1.0</c>.</param>
/// <param name="RelayCaPem">CA of the relays' serving certificates; empty when they are publicly trusted.</param>
public sealed record AgentBootstrapSettings(
    string ClusterId,
    string ClusterName,
    string ControlPlaneUrl,
    IReadOnlyList<string> RelayAgentUrls,
    string RelayCaPem,
    string RegistrationToken,
    string Image);
