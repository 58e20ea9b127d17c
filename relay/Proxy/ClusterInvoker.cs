using Paralus.Relay.Tunnels;

namespace Paralus.Relay.Proxy;

/// <summary>The one HTTP client of the relay: it dials tunnels instead of sockets, and pools them.</summary>
internal sealed class ClusterInvoker(TunnelConnector connector) : IDisposable
{
    public HttpMessageInvoker Invoker { get; } = connector.CreateInvoker();

    public void Dispose() => Invoker.Dispose();
}
