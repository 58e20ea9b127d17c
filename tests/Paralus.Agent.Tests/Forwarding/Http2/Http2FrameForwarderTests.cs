using System.Buffers;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Paralus.Agent.ApiServer;
using Paralus.Agent.Forwarding.Http2;
using Paralus.Agent.Jit;
using Paralus.Domain.Kubernetes;

namespace Paralus.Agent.Tests.Forwarding.Http2;

/// <summary>
/// The agent's HTTP/2 path joins a relay's connection to the apiserver frame by frame. What a user would notice if it
/// got that wrong: large bodies cut short, a connection that stalls after the agent refused requests, or a relay's
/// garbled header block reaching the apiserver.
/// </summary>
public sealed class Http2FrameForwarderTests : IAsyncLifetime
{
    private const string User = "frames@example.com";
    private readonly string _folder = Directory.CreateTempSubdirectory("paralus-h2-frames-").FullName;
    private TestCluster _cluster = null!;
    private Http2FrameForwarder _forwarder = null!;
    private JitServiceAccounts _accounts = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(_folder);
        var agent = AgentForwardingParts.For(ApiServerTarget.Load(_cluster.KubeconfigPath));
        (_accounts, _forwarder) = (agent.Accounts, agent.Http2);
    }

    [Fact]
    public async Task LargeBodies_PassWholeBothWays()
    {
        using var client = new TunnelClient(stream => _forwarder.ServeAsync(stream, CancellationToken.None));
        var name = "frames-" + _cluster.RunId;
        // Several times the HTTP/2 windows of both sides, so the apiserver's WINDOW_UPDATEs must reach the relay and back.
        var data = string.Concat(Enumerable.Range(0, 40_000).Select(i => $"{i:D8}|"));

        var create = AsUser(HttpMethod.Post, "/api/v1/namespaces/default/configmaps");
        create.Content = JsonContent.Create(new { apiVersion = "v1", kind = "ConfigMap", metadata = new { name }, data = new Dictionary<string, string> { ["payload"] = data } });
        using (var created = await client.SendAsync(create)) Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var read = await client.SendAsync(AsUser(HttpMethod.Get, $"/api/v1/namespaces/default/configmaps/{name}"));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using var configMap = JsonDocument.Parse(await read.Content.ReadAsStreamAsync());
        Assert.Equal(data, configMap.RootElement.GetProperty("data").GetProperty("payload").GetString());
        Assert.Equal(1, client.Connections);

        using var deleted = await client.SendAsync(AsUser(HttpMethod.Delete, $"/api/v1/namespaces/default/configmaps/{name}"));
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
    }

    /// <summary>
    /// The bodies of refused requests never reach the apiserver, so it never returns their flow-control credit: the
    /// agent must, or after about a megabyte the connection stalls for every user on it.
    /// </summary>
    [Fact]
    public async Task RefusedRequestsWithBodies_DoNotStallTheConnection()
    {
        using var client = new TunnelClient(stream => _forwarder.ServeAsync(stream, CancellationToken.None));
        var body = new string('x', 64 * 1024);
        for (var i = 0; i < 40; i++)
        {
            var refused = TunnelClient.Request(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", http2: true);
            refused.Content = new StringContent(body);
            using var response = await client.SendAsync(refused);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("did not come through a Paralus relay", await response.Content.ReadAsStringAsync());
        }

        using var allowed = await client.SendAsync(AsUser(HttpMethod.Get, "/api/v1/namespaces/default/configmaps"));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(1, client.Connections);
    }

    /// <summary>
    /// Frames the agent cannot read or a client may not send end the connection, and nothing of them is answered:
    /// a Huffman-coded header block (the relay never sends one), CONTINUATION without a header block, HEADERS on an
    /// even stream, PUSH_PROMISE.
    /// </summary>
    [Theory]
    [InlineData(new byte[] { 0, 0, 7, 0x1, 0x5, 0, 0, 0, 1, 0x00, 0x83, 0xAA, 0xBB, 0xCC, 0x01, (byte)'v' })]
    [InlineData(new byte[] { 0, 0, 1, 0x9, 0x4, 0, 0, 0, 0, 0x82 })]
    [InlineData(new byte[] { 0, 0, 1, 0x1, 0x5, 0, 0, 0, 2, 0x82 })]
    [InlineData(new byte[] { 0, 0, 5, 0x5, 0x4, 0, 0, 0, 1, 0, 0, 0, 2, 0x82 })]
    public async Task UnreadableOrForbiddenFrames_EndTheConnection(byte[] frames)
    {
        using var pair = await TunnelClient.ConnectedPairAsync();
        var serving = _forwarder.ServeAsync(pair.Served.GetStream(), CancellationToken.None);
        var stream = pair.Client.GetStream();

        await stream.WriteAsync("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray());
        await stream.WriteAsync(new byte[] { 0, 0, 0, 0x4, 0, 0, 0, 0, 0 });
        await stream.WriteAsync(frames);

        // The apiserver's SETTINGS may arrive first; then the connection ends, with nothing on any request stream.
        var received = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0) received.Write(buffer, 0, read);
        await serving.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.All(FrameStreams(received.ToArray()), id => Assert.Equal(0, id));
    }

    private static IEnumerable<int> FrameStreams(byte[] bytes)
    {
        var streams = new List<int>();
        for (var rest = new ReadOnlySequence<byte>(bytes); Http2FrameHeader.TryRead(rest, out var frame); rest = rest.Slice(Math.Min(frame.FrameLength, rest.Length)))
        {
            streams.Add(frame.StreamId);
        }
        return streams;
    }

    private static HttpRequestMessage AsUser(HttpMethod method, string path) => TunnelClient.RelayRequest(method, path, User, "cluster=write;");

    public async Task DisposeAsync()
    {
        await _accounts.DeleteAsync(ServiceAccountNames.ForUser(User), CancellationToken.None);
        await _cluster.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
