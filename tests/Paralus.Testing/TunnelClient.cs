using System.Net;
using System.Net.Sockets;
using Paralus.TunnelProtocol;

namespace Paralus.Testing;

/// <summary>
/// An HTTP client whose connections are handed to an agent the way a tunnel hands one: a plain byte stream (one
/// end of a loopback TCP pair). Counts the connections it opened.
/// </summary>
public sealed class TunnelClient : IDisposable
{
    private readonly HttpClient _http;
    private int _connections;

    public TunnelClient(Func<Stream, Task> serve)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                Interlocked.Increment(ref _connections);
                var pair = await ConnectedPairAsync(cancellationToken);
                _ = serve(pair.Served.GetStream());
                return pair.Client.GetStream();
            },
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://agent.invalid/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Connections => _connections;

    /// <summary>Two ends of one loopback TCP connection: the client's (the relay's side) and the one to serve.</summary>
    public static async Task<TcpPair> ConnectedPairAsync(CancellationToken cancellationToken = default)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port, cancellationToken);
        return new TcpPair(client, await listener.AcceptTcpClientAsync(cancellationToken));
    }

    public sealed record TcpPair(TcpClient Client, TcpClient Served) : IDisposable
    {
        public void Dispose()
        {
            Client.Dispose();
            Served.Dispose();
        }
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, bool http2) => new(method, path)
    {
        Version = http2 ? HttpVersion.Version20 : HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    /// <summary>A request with the headers a relay adds: who it is for and what they may do.</summary>
    public static HttpRequestMessage RelayRequest(HttpMethod method, string path, string user, string access)
    {
        var request = Request(method, path, http2: true);
        request.Headers.Add(ForwardingHeaders.User, user);
        request.Headers.Add(JitAccessHeader.Name, access);
        return request;
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _http.SendAsync(request);

    public void Dispose() => _http.Dispose();
}
