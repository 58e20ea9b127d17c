using System.Net;
using System.Text.Json.Nodes;
using Paralus.Sandbox.Hosting;

namespace Paralus.Sandbox.Tests.Hosting;

public sealed class SandboxHostTests
{
    [Fact]
    public async Task StartAsync_TwoInstances_RunSideBySideWithTheirOwnCa()
    {
        await using var first = await SandboxHost.StartAsync(new SandboxOptions());
        await using var second = await SandboxHost.StartAsync(new SandboxOptions());

        Assert.NotEqual(first.Url, second.Url);
        Assert.NotEqual(first.CaCertificate.Thumbprint, second.CaCertificate.Thumbprint);
        Assert.NotEqual(first.KubeSystemUid, second.KubeSystemUid);
        using var client = first.CreateHttpClient();
        var version = JsonNode.Parse(await client.GetStringAsync("/version"))!;
        Assert.Equal("1", version["major"]!.ToString());
    }

    [Fact]
    public async Task StateFile_Restart_KeepsObjectsKeysAndFingerprint()
    {
        var directory = Directory.CreateTempSubdirectory("paralus-sandbox-state");
        try
        {
            var options = new SandboxOptions { StateFile = Path.Combine(directory.FullName, "state.json") };
            string uid, token, ca;
            await using (var sandbox = await SandboxHost.StartAsync(options))
            {
                (uid, token, ca) = (sandbox.KubeSystemUid, sandbox.AdminToken, sandbox.CaCertificatePem);
                using var client = sandbox.CreateHttpClient();
                var created = await client.PostAsync("/api/v1/namespaces", Json("""{"metadata":{"name":"kept"}}"""));
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            }

            await using var restarted = await SandboxHost.StartAsync(options);
            Assert.Equal(uid, restarted.KubeSystemUid);
            Assert.Equal(token, restarted.AdminToken);
            Assert.Equal(ca, restarted.CaCertificatePem);
            using var again = restarted.CreateHttpClient();
            Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/v1/namespaces/kept")).StatusCode);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Requests_WithABadToken_Get401StatusAndWithoutToken_AreAnonymous()
    {
        await using var sandbox = await SandboxHost.StartAsync(new SandboxOptions());
        using var bad = sandbox.CreateHttpClient("not-a-token");
        var unauthorized = await bad.GetAsync("/api/v1/pods");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        var status = JsonNode.Parse(await unauthorized.Content.ReadAsStringAsync())!;
        Assert.Equal("Unauthorized", status["reason"]!.ToString());

        using var anonymous = sandbox.CreateHttpClient();
        anonymous.DefaultRequestHeaders.Authorization = null;
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/version")).StatusCode);
        var forbidden = await anonymous.GetAsync("/api/v1/namespaces/default/pods");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var message = JsonNode.Parse(await forbidden.Content.ReadAsStringAsync())!["message"]!.ToString();
        Assert.Equal("pods is forbidden: User \"system:anonymous\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\"", message);
    }

    [Fact]
    public async Task Watch_FromResourceVersion_StreamsEventsAsLines()
    {
        await using var sandbox = await SandboxHost.StartAsync(new SandboxOptions());
        using var client = sandbox.CreateHttpClient();
        var list = JsonNode.Parse(await client.GetStringAsync("/api/v1/namespaces/default/configmaps"))!;
        var rv = list["metadata"]!["resourceVersion"]!.ToString();

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.GetAsync($"/api/v1/namespaces/default/configmaps?watch=1&resourceVersion={rv}&allowWatchBookmarks=true",
            HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        await client.PostAsync("/api/v1/namespaces/default/configmaps", Json("""{"metadata":{"name":"w1","labels":{"a":"b"}}}"""), cancel.Token);

        var line = await reader.ReadLineAsync(cancel.Token);
        var evt = JsonNode.Parse(line!)!;
        Assert.Equal("ADDED", evt["type"]!.ToString());
        Assert.Equal("w1", evt["object"]!["metadata"]!["name"]!.ToString());
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
