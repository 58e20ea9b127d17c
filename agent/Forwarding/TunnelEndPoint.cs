using System.Net;

namespace Paralus.Agent.Forwarding;

/// <summary>
/// Where the agent's HTTP server listens: nowhere on the network, only on HTTP/1.1 tunnel data connections, which
/// carry one request at a time and the upgraded streams of exec, attach and port-forward. (A relay multiplexes every
/// other request over HTTP/2 data connections, which <see cref="Http2.Http2FrameForwarder"/> joins to the apiserver.)
/// </summary>
internal sealed class TunnelEndPoint : EndPoint
{
    private TunnelEndPoint()
    {
    }

    public static TunnelEndPoint Instance { get; } = new();

    public override string ToString() => "paralus-tunnels";
}
