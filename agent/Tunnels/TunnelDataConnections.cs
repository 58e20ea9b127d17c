using Paralus.Agent.Forwarding;
using Paralus.Agent.Forwarding.Http2;

namespace Paralus.Agent.Tunnels;

/// <summary>
/// Where a tunnel data connection goes: HTTP/2 ones, which carry every plain request, are joined frame by frame to
/// the apiserver; HTTP/1.1 ones, which carry upgrades, to the agent's Kestrel server.
/// </summary>
internal sealed class TunnelDataConnections(TunnelConnectionListener http1, Http2FrameForwarder http2)
{
    public Task ServeAsync(Stream tunnel, bool isHttp2, CancellationToken cancellationToken) =>
        isHttp2 ? http2.ServeAsync(tunnel, cancellationToken) : http1.ServeAsync(tunnel, cancellationToken);
}
