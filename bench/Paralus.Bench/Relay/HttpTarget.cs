using System.Net;
using System.Net.Http.Headers;

namespace Paralus.Bench.Relay;

/// <summary>
/// One way to reach the sandbox apiserver: directly, through nginx, or through relay and agent. Paths are
/// apiserver paths; <see cref="PathPrefix"/> is what this way puts in front of them (the relay's /clusters/NAME/).
/// </summary>
internal sealed record HttpTarget(string Name, Uri BaseAddress, string PathPrefix, string BearerToken)
{
    public string PathOf(string apiPath) => PathPrefix + apiPath.TrimStart('/');

    /// <summary>
    /// HTTP/1.1 with keep-alive; or, with <paramref name="http2"/>, HTTP/2, as kubectl by default (requests multiplexed
    /// when sent at once, as the agent reaches the apiserver).
    /// Every hop is on loopback and set up by the benchmark itself, so any server certificate is accepted.
    /// </summary>
    public HttpClient CreateClient(int maxConnections = int.MaxValue, bool http2 = false)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        };
        var client = new HttpClient(handler)
        {
            BaseAddress = BaseAddress,
            DefaultRequestVersion = http2 ? HttpVersion.Version20 : HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BearerToken);
        return client;
    }
}
