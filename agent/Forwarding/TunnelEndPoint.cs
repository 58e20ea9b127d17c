using System.Net;

namespace Paralus.Agent.Forwarding;

/// <summary>
/// Where the agent's HTTP server listens: nowhere on the network, only on tunnel data connections. There are two:
/// HTTP/1.1 connections, which carry one request at a time and the upgraded streams of exec, attach and
/// port-forward, and HTTP/2 connections, over which a relay multiplexes every other request.
/// </summary>
internal sealed class TunnelEndPoint : EndPoint
{
    private TunnelEndPoint(string name, bool http2) => (Name, IsHttp2) = (name, http2);

    public static TunnelEndPoint Http1 { get; } = new("paralus-tunnels", http2: false);

    public static TunnelEndPoint Http2 { get; } = new("paralus-tunnels-h2", http2: true);

    public string Name { get; }

    public bool IsHttp2 { get; }

    public override string ToString() => Name;
}
