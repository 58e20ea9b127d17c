using System.Text.RegularExpressions;

namespace Paralus.Relay.Tests;

/// <summary>
/// Clients that build absolute paths lose the kubeconfig's <c>/clusters/&lt;cluster&gt;</c> prefix; the TLS server name
/// Paralus writes into kubeconfigs names the cluster for them.
/// </summary>
[Collection(RelayStackCollection.Name)]
public sealed partial class AbsolutePathTests(RelayStack stack)
{
    [Fact]
    public async Task GetRaw_WithAnAbsolutePath_ReachesTheCluster()
    {
        var virat = await stack.KubectlAsAsync(RelayStack.Virat);

        var version = await virat.RunAsync("get", "--raw", "/version");

        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.Contains("gitVersion", version.Output);
        var pods = await virat.RunAsync("get", "--raw", "/api/v1/namespaces/default/pods");
        Assert.True(pods.ExitCode == 0, pods.ToString());
        Assert.Contains("PodList", pods.Output);
    }

    [Fact]
    public async Task KubectlProxy_ServesTheCluster_AsTheUser()
    {
        var reader = await stack.KubectlAsAsync(RelayStack.Reader);
        using var proxy = reader.Start("proxy", "--port=0");
        try
        {
            var serving = ServingOn();
            var line = await proxy.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var port = serving.Match(line ?? "") is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException($"kubectl proxy said: {line}");
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

            var pods = await http.GetAsync("api/v1/namespaces/default/pods");
            Assert.Equal(System.Net.HttpStatusCode.OK, pods.StatusCode);
            Assert.Contains("PodList", await pods.Content.ReadAsStringAsync());
            // Still the reader: secrets stay out of reach through the proxy too.
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await http.GetAsync("api/v1/namespaces/default/secrets")).StatusCode);
        }
        finally
        {
            proxy.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task AnAbsolutePath_WithoutAServerName_IsToldHowToFixIt()
    {
        var token = await stack.ControlPlane.LoginAsync(RelayStack.Virat, RelayStack.Password);

        var response = await RawHttp.SendAsync(stack.RelayUserUrl, "GET", "/version", token);

        Assert.Equal(404, response.Status);
        Assert.Contains("tls-server-name", response.Text);
        Assert.Contains("paralus kubeconfig", response.Text);
    }

    [GeneratedRegex(@"127\.0\.0\.1:(\d+)")]
    private static partial Regex ServingOn();
}
