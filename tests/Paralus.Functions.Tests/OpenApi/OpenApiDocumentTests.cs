using System.Net;
using System.Text.Json;
using Paralus.Functions.Tests.Infrastructure;

namespace Paralus.Functions.Tests.OpenApi;

/// <summary>
/// The control plane serves its OpenAPI document at <c>/openapi/v1.json</c>, and the copy checked in at
/// <c>functions/openapi/v1.json</c> is that document byte for byte.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class OpenApiDocumentTests(ControlPlaneFixture fixture)
{
    /// <summary>Set to 1 to rewrite the checked-in document from the app instead of comparing.</summary>
    private const string UpdateVariable = "PARALUS_UPDATE_OPENAPI";

    private static string CheckedInPath => RepositoryPaths.Combine("functions", "openapi", "v1.json");

    [Fact]
    public async Task ServedDocument_EqualsTheCheckedInDocument()
    {
        var served = await ServedAsync(fixture.Server.Client());
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(CheckedInPath)!);
            await File.WriteAllTextAsync(CheckedInPath, served);
        }

        var checkedIn = File.Exists(CheckedInPath) ? (await File.ReadAllTextAsync(CheckedInPath)).ReplaceLineEndings("\n") : "";
        Assert.True(checkedIn == served,
            $"functions/openapi/v1.json differs from what the app serves at /openapi/v1.json (first difference at character {FirstDifference(checkedIn, served)}). "
            + $"If the API change is intended, regenerate it with: {UpdateVariable}=1 dotnet test tests/Paralus.Functions.Tests --filter FullyQualifiedName~OpenApiDocumentTests, and commit the file.");
    }

    [Fact]
    public async Task Document_IsTheSame_WhicheverHostItIsAskedThrough()
    {
        using var byAddress = fixture.Server.Client();
        using var byName = new HttpClient { BaseAddress = new UriBuilder(fixture.Server.BaseAddress) { Host = "localhost" }.Uri };

        Assert.Equal(await ServedAsync(byAddress), await ServedAsync(byName));
    }

    [Fact]
    public async Task Document_DeclaresSessionAndApiKeyBearerSchemes_RequiredEverywhereButAnonymousEndpoints()
    {
        using var document = JsonDocument.Parse(await ServedAsync(fixture.Server.Client()));
        var root = document.RootElement;
        var schemes = root.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("session").GetProperty("scheme").GetString());
        Assert.Equal("bearer", schemes.GetProperty("apiKey").GetProperty("scheme").GetString());

        var listProjects = Operation(root, "/api/v1/projects", "get");
        var required = listProjects.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).Order().ToArray();
        Assert.Equal(["apiKey", "session"], required);
        Assert.False(Operation(root, "/api/v1/auth/login", "post").TryGetProperty("security", out _), "login is anonymous");
        Assert.False(Operation(root, "/api/v1/clusters/register", "post").TryGetProperty("security", out _), "agents register with a token, not a caller credential");
    }

    [Fact]
    public async Task Document_DescribesTypedResults_AndProblemJsonErrors()
    {
        using var document = JsonDocument.Parse(await ServedAsync(fixture.Server.Client()));
        var root = document.RootElement;

        var create = Operation(root, "/api/v1/projects", "post");
        Assert.Equal("CreateProject", create.GetProperty("operationId").GetString());
        Assert.Equal("Projects", create.GetProperty("tags")[0].GetString());
        Assert.False(string.IsNullOrEmpty(create.GetProperty("summary").GetString()));
        var responses = create.GetProperty("responses");
        Assert.EndsWith("/ProjectResource", responses.GetProperty("201").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        foreach (var status in new[] { "400", "401", "403", "409" })
        {
            Assert.True(responses.GetProperty(status).GetProperty("content").TryGetProperty("application/problem+json", out _), $"{status} is application/problem+json");
        }

        Assert.True(Operation(root, "/api/v1/projects/{name}", "get").GetProperty("responses").GetProperty("404").GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.True(Operation(root, "/api/v1/groups/{name}", "patch").GetProperty("responses").TryGetProperty("412", out _), "conditional updates answer 412");
        Assert.False(root.GetProperty("paths").TryGetProperty("/audit-retention", out _), "timer triggers are for the Functions host, not API clients");
    }

    [Fact]
    public async Task ApiReference_IsServedOnlyWhenEnabled()
    {
        using (var off = fixture.Admin())
        {
            Assert.Equal(HttpStatusCode.NotFound, (await off.GetAsync("/scalar")).StatusCode);
        }

        await using var server = await ControlPlaneServer.StartAsync(fixture.Azurite, "r" + Guid.NewGuid().ToString("N")[..10],
            settings: new Dictionary<string, string?> { ["Paralus:ControlPlane:ApiReference"] = "true" });
        using var client = server.Client();
        using var page = await client.GetAsync("/scalar");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"url\":\"openapi/v1.json\"", html);
        // The page's script is served by the app itself: local runs need no internet access.
        using var script = await client.GetAsync("/scalar/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    private static async Task<string> ServedAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/openapi/v1.json");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /openapi/v1.json answered {(int)response.StatusCode}: {body}");
        return body.ReplaceLineEndings("\n");
    }

    private static JsonElement Operation(JsonElement root, string path, string method) => root.GetProperty("paths").GetProperty(path).GetProperty(method);

    private static int FirstDifference(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            if (a[i] != b[i]) return i;
        }
        return length;
    }
}
