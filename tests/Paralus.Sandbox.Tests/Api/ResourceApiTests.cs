using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Paralus.Sandbox.Tests.Infrastructure;

namespace Paralus.Sandbox.Tests.Api;

/// <summary>The REST surface over plain HTTP: status codes, Status bodies, selectors, patches, tables, watches.</summary>
public sealed class ResourceApiTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private readonly HttpClient _http = sandbox.Host.CreateHttpClient();

    [Fact]
    public async Task Create_Twice_Is409AlreadyExists()
    {
        var ns = await NamespaceAsync();
        Assert.Equal(HttpStatusCode.Created, (await PostAsync($"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"dup"}}""")).StatusCode);
        var again = await PostAsync($"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"dup"}}""");
        var status = await StatusAsync(again, HttpStatusCode.Conflict);
        Assert.Equal(("AlreadyExists", "configmaps \"dup\" already exists"), (status["reason"]!.ToString(), status["message"]!.ToString()));
    }

    [Fact]
    public async Task Get_AnObject_AnswersWithItsLength_LikeTheApiserver()
    {
        var ns = await NamespaceAsync();
        await PostAsync($"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"sized"},"data":{"k":"v"}}""");
        using var response = await _http.GetAsync($"/api/v1/namespaces/{ns}/configmaps/sized");
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.Null(response.Headers.TransferEncodingChunked);
        Assert.Equal("sized", System.Text.Json.Nodes.JsonNode.Parse(body)!["metadata"]!["name"]!.ToString());
    }

    [Fact]
    public async Task Create_BadName_Is422Invalid_AndMissingNamespace_Is404()
    {
        var invalid = await PostAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"Not_Valid"}}""");
        Assert.Equal("Invalid", (await StatusAsync(invalid, HttpStatusCode.UnprocessableEntity))["reason"]!.ToString());

        var missing = await PostAsync("/api/v1/namespaces/nowhere/configmaps", """{"metadata":{"name":"x"}}""");
        Assert.Equal("namespaces \"nowhere\" not found", (await StatusAsync(missing, HttpStatusCode.NotFound))["message"]!.ToString());
    }

    [Fact]
    public async Task DeleteCollection_WithLabelSelector_DeletesOnlyMatches()
    {
        var ns = await NamespaceAsync();
        foreach (var (name, tier) in new[] { ("a", "web"), ("b", "web"), ("c", "db") })
            await PostAsync($"/api/v1/namespaces/{ns}/configmaps", new JsonObject { ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["tier"] = tier } } }.ToJsonString());

        var deleted = await _http.DeleteAsync($"/api/v1/namespaces/{ns}/configmaps?labelSelector=tier%3Dweb");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);

        var left = JsonNode.Parse(await _http.GetStringAsync($"/api/v1/namespaces/{ns}/configmaps"))!["items"]!.AsArray();
        Assert.Equal(["c"], left.Select(i => i!["metadata"]!["name"]!.ToString()));
    }

    [Fact]
    public async Task Patch_JsonPatchAndStrategicMerge_AndApplyCreates()
    {
        var ns = await NamespaceAsync();
        await PostAsync($"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"p"},"data":{"a":"1"}}""");

        var jsonPatch = await PatchAsync($"/api/v1/namespaces/{ns}/configmaps/p", "application/json-patch+json", """[{"op":"add","path":"/data/b","value":"2"}]""");
        Assert.Equal("2", jsonPatch["data"]!["b"]!.ToString());
        var strategic = await PatchAsync($"/api/v1/namespaces/{ns}/configmaps/p", "application/strategic-merge-patch+json", """{"data":{"a":null}}""");
        Assert.Null(strategic["data"]!["a"]);

        var applied = await _http.PatchAsync($"/api/v1/namespaces/{ns}/configmaps/fresh?fieldManager=test",
            new StringContent("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fresh\ndata:\n  k: v\n", Encoding.UTF8, "application/apply-patch+yaml"));
        Assert.Equal(HttpStatusCode.Created, applied.StatusCode);
    }

    [Fact]
    public async Task List_FieldSelectorAndTable()
    {
        var ns = await NamespaceAsync();
        await PostAsync($"/api/v1/namespaces/{ns}/pods", """{"metadata":{"name":"one"},"spec":{"containers":[{"name":"c","image":"nginx"}]}}""");
        await PostAsync($"/api/v1/namespaces/{ns}/pods", """{"metadata":{"name":"two"},"spec":{"containers":[{"name":"c","image":"nginx"}]}}""");

        var selected = JsonNode.Parse(await _http.GetStringAsync($"/api/v1/namespaces/{ns}/pods?fieldSelector=metadata.name%3Dtwo"))!;
        Assert.Equal("two", selected["items"]![0]!["metadata"]!["name"]!.ToString());
        Assert.Single(selected["items"]!.AsArray());

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods");
        request.Headers.Accept.ParseAdd("application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
        var table = JsonNode.Parse(await (await _http.SendAsync(request)).Content.ReadAsStringAsync())!;
        Assert.Equal("Table", table["kind"]!.ToString());
        Assert.Equal(["Name", "Ready", "Status", "Restarts", "Age", "IP", "Node"], table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.ToString()));
        Assert.Equal(["one", "1/1", "Running"], table["rows"]![0]!["cells"]!.AsArray().Take(3).Select(c => c!.ToString()));
    }

    [Fact]
    public async Task Watch_SendInitialEvents_EndsWithInitialEventsBookmark()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var reader = await WatchOneConfigMapAsync("watch=true&sendInitialEvents=true&allowWatchBookmarks=true", cancel.Token);

        var types = new List<string>();
        JsonNode? bookmark = null;
        while (bookmark is null && await reader.ReadLineAsync(cancel.Token) is { } line)
        {
            var evt = JsonNode.Parse(line)!;
            types.Add(evt["type"]!.ToString());
            if (evt["type"]!.ToString() == "BOOKMARK") bookmark = evt;
        }
        Assert.Contains("ADDED", types);
        Assert.Equal("true", bookmark!["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]!.ToString());
    }

    /// <summary>The Python client sends Python's spelling of true; the apiserver reads it with Go's ParseBool.</summary>
    [Theory]
    [InlineData("True")]
    [InlineData("TRUE")]
    [InlineData("t")]
    [InlineData("1")]
    public async Task Watch_AndItsFlags_AcceptEveryTrueTheApiServerAccepts(string truth)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var reader = await WatchOneConfigMapAsync($"watch={truth}&sendInitialEvents={truth}&allowWatchBookmarks={truth}", cancel.Token);

        // A list would be one JsonObject of kind ConfigMapList; a watch sends events, the existing object first.
        var first = JsonNode.Parse((await reader.ReadLineAsync(cancel.Token))!)!;
        Assert.Equal("ADDED", first["type"]?.ToString());
        Assert.Equal("existing", first["object"]!["metadata"]!["name"]!.ToString());
    }

    [Fact]
    public async Task List_WithLimit_PagesThroughContinueTokens()
    {
        var ns = await NamespaceAsync();
        for (var i = 0; i < 5; i++) await PostAsync($"/api/v1/namespaces/{ns}/configmaps", new JsonObject { ["metadata"] = new JsonObject { ["name"] = $"cm-{i}" } }.ToJsonString());

        var names = new List<string>();
        var token = "";
        var pages = 0;
        do
        {
            var page = JsonNode.Parse(await _http.GetStringAsync($"/api/v1/namespaces/{ns}/configmaps?limit=2&continue={token}"))!;
            names.AddRange(page["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.ToString()));
            token = page["metadata"]!["continue"]?.ToString() ?? "";
            pages++;
        }
        while (token.Length > 0);

        Assert.Equal(3, pages);
        Assert.Equal(["cm-0", "cm-1", "cm-2", "cm-3", "cm-4"], names);
    }

    [Fact]
    public async Task Update_StaleResourceVersion_Is409Conflict()
    {
        var ns = await NamespaceAsync();
        var created = JsonNode.Parse(await (await PostAsync($"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"u"},"data":{"v":"1"}}""")).Content.ReadAsStringAsync())!;
        created["data"]!["v"] = "2";
        Assert.Equal(HttpStatusCode.OK, (await _http.PutAsync($"/api/v1/namespaces/{ns}/configmaps/u", Json(created.ToJsonString()))).StatusCode);
        created["data"]!["v"] = "3";
        var stale = await _http.PutAsync($"/api/v1/namespaces/{ns}/configmaps/u", Json(created.ToJsonString()));
        Assert.Equal("Conflict", (await StatusAsync(stale, HttpStatusCode.Conflict))["reason"]!.ToString());
    }

    /// <summary>The events of a watch on a new namespace that holds one config map, "existing"; disposing the reader ends the watch.</summary>
    private async Task<StreamReader> WatchOneConfigMapAsync(string query, CancellationToken cancellationToken)
    {
        var ns = await NamespaceAsync();
        await PostAsync($"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"existing"}}""");
        var response = await _http.GetAsync($"/api/v1/namespaces/{ns}/configmaps?{query}&resourceVersionMatch=NotOlderThan", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        return new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
    }

    private async Task<string> NamespaceAsync()
    {
        var name = $"api-{Guid.NewGuid():N}"[..16];
        Assert.Equal(HttpStatusCode.Created, (await PostAsync("/api/v1/namespaces", $$$"""{"metadata":{"name":"{{{name}}}"}}""")).StatusCode);
        return name;
    }

    private Task<HttpResponseMessage> PostAsync(string path, string json) => _http.PostAsync(path, Json(json));

    private async Task<JsonNode> PatchAsync(string path, string contentType, string body)
    {
        var response = await _http.PatchAsync(path, new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue(contentType)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static async Task<JsonNode> StatusAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(("Status", "Failure", (int)expected), (status["kind"]!.ToString(), status["status"]!.ToString(), status["code"]!.GetValue<int>()));
        return status;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
