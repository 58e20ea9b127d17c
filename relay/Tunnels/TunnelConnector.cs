namespace Paralus.Relay.Tunnels;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> of the forwarder: instead of a TCP connection to
/// <c>&lt;cluster-id&gt;.tunnel</c>, a data connection through that cluster's agent. The handler pools them like
/// sockets, so keep-alive reuses them and HTTP upgrades (exec, port-forward) run over them unchanged.
/// </summary>
internal sealed class TunnelConnector(TunnelRegistry registry)
{
    public const string HostSuffix = ".tunnel";
    private static readonly TimeSpan DialTimeout = TimeSpan.FromSeconds(10);

    public static Uri DestinationOf(string clusterId) => new($"http://{clusterId}{HostSuffix}/");

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var clusterId = host.EndsWith(HostSuffix, StringComparison.Ordinal) ? host[..^HostSuffix.Length] : host;
        var session = registry.Pick(clusterId) ?? throw new TunnelUnavailableException(clusterId);
        return await session.ConnectAsync(DialTimeout, cancellationToken);
    }

    public HttpMessageInvoker CreateInvoker() => new(new SocketsHttpHandler
    {
        ConnectCallback = ConnectAsync,
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        UseCookies = false,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
        ActivityHeadersPropagator = null,
    });
}
