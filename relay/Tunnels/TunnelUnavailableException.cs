namespace Paralus.Relay.Tunnels;

/// <summary>No agent of the cluster is connected to this relay right now.</summary>
internal sealed class TunnelUnavailableException(string clusterId) : HttpRequestException($"no agent of cluster '{clusterId}' is connected to this relay")
{
    public string ClusterId { get; } = clusterId;
}
