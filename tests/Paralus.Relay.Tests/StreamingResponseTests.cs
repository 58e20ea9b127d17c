using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Xunit.Abstractions;

namespace Paralus.Relay.Tests;

/// <summary>
/// A quiet watch answers its headers through the relay as soon as the apiserver does, not with its first event:
/// client-go, informers and <c>kubectl wait</c> wait for them.
/// </summary>
[Collection(RelayStackCollection.Name)]
public sealed class StreamingResponseTests(RelayStack stack, ITestOutputHelper output)
{
    // Far below the sandbox's first bookmark (10 s), which used to be what released the headers.
    private static readonly TimeSpan HeadersWithin = TimeSpan.FromSeconds(3);

    [Theory]
    [InlineData("2.0")]
    [InlineData("1.1")]
    public async Task QuietWatch_AnswersItsHeadersAtOnce(string version)
    {
        var quiet = $"quiet-{stack.Cluster.RunId}";
        await stack.Cluster.EnsureNamespaceAsync(quiet);
        using var client = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } })
        {
            BaseAddress = stack.RelayUserUrl,
            DefaultRequestVersion = Version.Parse(version),
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            // Held headers would never come: fail well before the default 100 s.
            Timeout = TimeSpan.FromSeconds(15),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", stack.AdminToken);
        await stack.WaitForTunnelAsync(0);

        var started = Stopwatch.StartNew();
        using var response = await client.GetAsync($"clusters/{RelayStack.ClusterName}/api/v1/namespaces/{quiet}/configmaps?watch=1", HttpCompletionOption.ResponseHeadersRead);
        var headersAfter = started.Elapsed;
        output.WriteLine($"HTTP/{version}: headers after {headersAfter.TotalMilliseconds:F1} ms");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(headersAfter < HeadersWithin, $"the watch's headers came after {headersAfter.TotalMilliseconds:F0} ms over HTTP/{version}");
    }
}
