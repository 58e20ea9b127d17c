using System.Net;
using System.Net.Sockets;

namespace Paralus.Relay.Tests;

/// <summary>
/// An HTTP client whose connections are handed to an agent the way a tunnel hands one: a plain byte stream (one
/// end of a loopback TCP pair). Counts the connections it opened.
/// </summary>
internal sealed class TunnelClient : IDisposable
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
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var client = new TcpClient { NoDelay = true };
                await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port, cancellationToken);
                var served = await listener.AcceptTcpClientAsync(cancellationToken);
                _ = serve(served.GetStream());
                return client.GetStream();
            },
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://agent.invalid/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Connections => _connections;

    public static HttpRequestMessage Request(HttpMethod method, string path, bool http2) => new(method, path)
    {
        Version = http2 ? HttpVersion.Version20 : HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _http.SendAsync(request);

    public void Dispose() => _http.Dispose();
}
