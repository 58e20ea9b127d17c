using System.Net;

namespace Paralus.Relay.Tunnels;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> of the forwarder: instead of a TCP connection to
/// <c>&lt;cluster-id&gt;.tunnel</c>, a data connection through that cluster's agent. The handler pools them like
/// sockets: HTTP/2 ones carry many requests at once, HTTP/1.1 ones one at a time with keep-alive, and HTTP upgrades
/// (exec, attach, port-forward) run over HTTP/1.1 ones unchanged.
/// </summary>
internal sealed class TunnelConnector(TunnelRegistry registry)
{
    public const string HostSuffix = ".tunnel";
    private static readonly TimeSpan DialTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The forwarder's destination prefix for a cluster: a host name the connect callback resolves to its tunnels.</summary>
    public static string DestinationOf(string clusterId) => $"http://{clusterId}{HostSuffix}/";

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var clusterId = host.EndsWith(HostSuffix, StringComparison.Ordinal) ? host[..^HostSuffix.Length] : host;
        var http2 = context.InitialRequestMessage.Version == HttpVersion.Version20;
        var session = registry.Pick(clusterId, http2) ?? throw new TunnelUnavailableException(clusterId);
        return await session.ConnectAsync(http2, DialTimeout, cancellationToken);
    }

    public HttpMessageInvoker CreateInvoker() => new(new SocketsHttpHandler
    {
        ConnectCallback = ConnectAsync,
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        UseCookies = false,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
        // The apiserver caps streams per HTTP/2 connection (the agent passes its SETTINGS on); more open watches get more connections.
        EnableMultipleHttp2Connections = true,
        ActivityHeadersPropagator = null,
    });
}
