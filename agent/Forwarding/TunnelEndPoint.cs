using System.Net;

namespace Paralus.Agent.Forwarding;

/// <summary>Where the agent's HTTP server listens: nowhere on the network, only on tunnel data connections.</summary>
internal sealed class TunnelEndPoint : EndPoint
{
    public static TunnelEndPoint Instance { get; } = new();

    public override string ToString() => "paralus-tunnels";
}
