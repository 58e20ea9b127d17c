using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Paralus.Sandbox.Tests.Infrastructure;

namespace Paralus.Sandbox.Tests.Api;

/// <summary>pods/ephemeralcontainers over HTTP: the patch types kubectl and clients send, and the apiserver's rules.</summary>
public sealed class EphemeralContainersApiTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Patch_StrategicThenJson_AddsContainersAndKeepsTheEarlierOnes()
    {
        using var http = sandbox.Host.CreateHttpClient();
        var path = await PodAsync(http);

        var first = await SendAsync(http, HttpMethod.Patch, path, "application/strategic-merge-patch+json",
            """{"spec":{"ephemeralContainers":[{"name":"dbg","image":"busybox","targetContainerName":"main","stdin":true,"tty":true}]}}""");
        Assert.Equal(HttpStatusCode.OK, first.Status);
        // kubectl sends only the new container under a strategic merge patch.
        var second = await SendAsync(http, HttpMethod.Patch, path, "application/strategic-merge-patch+json",
            """{"spec":{"$setElementOrder/ephemeralContainers":[{"name":"dbg"},{"name":"dbg2"}],"ephemeralContainers":[{"name":"dbg2","image":"busybox"}]}}""");
        Assert.Equal(HttpStatusCode.OK, second.Status);
        var third = await SendAsync(http, HttpMethod.Patch, path, "application/json-patch+json",
            """[{"op":"add","path":"/spec/ephemeralContainers/-","value":{"name":"dbg3","image":"alpine"}}]""");
        Assert.Equal(HttpStatusCode.OK, third.Status);

        var pod = (await SendAsync(http, HttpMethod.Get, path, null, null)).Body;
        Assert.Equal("Pod", pod["kind"]!.ToString());
        Assert.Equal(["dbg", "dbg2", "dbg3"], Names(pod["spec"]!["ephemeralContainers"]));
        Assert.Equal("Always", pod["spec"]!["ephemeralContainers"]![0]!["imagePullPolicy"]!.ToString());
        Assert.Equal(["dbg", "dbg2", "dbg3"], Names(pod["status"]!["ephemeralContainerStatuses"]));
        Assert.All(pod["status"]!["ephemeralContainerStatuses"]!.AsArray(), s => Assert.NotNull(s!["state"]!["running"]));
    }

    [Theory]
    [InlineData("""{"spec":{"ephemeralContainers":[]}}""", "spec.ephemeralContainers: Forbidden: existing ephemeral containers \"dbg\" may not be removed")]
    [InlineData("""{"spec":{"ephemeralContainers":[{"name":"dbg","image":"alpine"}]}}""", "spec.ephemeralContainers[dbg]: Forbidden: existing ephemeral containers \"dbg\" may not be changed")]
    [InlineData("""{"spec":{"ephemeralContainers":[{"name":"dbg","image":"busybox"},{"name":"main","image":"busybox"}]}}""", "spec.ephemeralContainers[1].name: Duplicate value: \"main\"")]
    [InlineData("""{"spec":{"ephemeralContainers":[{"name":"dbg","image":"busybox"},{"name":"x"}]}}""", "spec.ephemeralContainers[1].image: Required value")]
    [InlineData("""{"spec":{"ephemeralContainers":[{"name":"dbg","image":"busybox"},{"name":"x","image":"busybox","targetContainerName":"nope"}]}}""", "spec.ephemeralContainers[1].targetContainerName: Not found: \"nope\"")]
    public async Task MergePatch_AgainstTheRules_IsInvalid(string patch, string message)
    {
        using var http = sandbox.Host.CreateHttpClient();
        var path = await PodAsync(http);
        var added = await SendAsync(http, HttpMethod.Patch, path, "application/merge-patch+json", """{"spec":{"ephemeralContainers":[{"name":"dbg","image":"busybox"}]}}""");
        Assert.Equal(HttpStatusCode.OK, added.Status);

        var refused = await SendAsync(http, HttpMethod.Patch, path, "application/merge-patch+json", patch);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Equal("Invalid", refused.Body["reason"]!.ToString());
        Assert.EndsWith(message, refused.Body["message"]!.ToString(), StringComparison.Ordinal);
    }

    private static async Task<string> PodAsync(HttpClient http)
    {
        var name = $"e-{Guid.NewGuid():N}"[..12];
        var pod = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "main", ["image"] = "nginx" }) },
        }.ToJsonString();
        var created = await http.PostAsync("/api/v1/namespaces/default/pods", new StringContent(pod, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return $"/api/v1/namespaces/default/pods/{name}/ephemeralcontainers";
    }

    private static async Task<(HttpStatusCode Status, JsonNode Body)> SendAsync(HttpClient http, HttpMethod method, string path, string? contentType, string? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, contentType!);
        if (body is not null) request.Content!.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType!);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static string[] Names(JsonNode? list) => list!.AsArray().Select(c => c!["name"]!.ToString()).ToArray();
}
