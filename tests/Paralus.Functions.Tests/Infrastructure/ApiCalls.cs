using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Paralus.Functions.Hosting;

namespace Paralus.Functions.Tests.Infrastructure;

/// <summary>Small request/assert vocabulary so tests read like the API calls they make.</summary>
internal static class ApiCalls
{
    public static JsonSerializerOptions Json { get; } = CreateJson();

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, Json)!;
    }

    /// <summary>A 200 answer's body as text (an export).</summary>
    public static async Task<string> ReadTextAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {body}");
        return body;
    }

    /// <summary>Asserts an <c>application/problem+json</c> answer with the given status and returns its detail.</summary>
    public static async Task<string> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("detail").GetString()!;
    }

    /// <summary>Asserts an <c>application/problem+json</c> answer and returns its OAuth-style <c>error</c> member (null without one).</summary>
    public static async Task<string?> ProblemErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.TryGetProperty("error", out var error) ? error.GetString() : null;
    }

    /// <summary>
    /// Asserts two problem answers are the same (status, title, every field but the trace id) once each names its own
    /// subject as "NAME": what a caller may not see must answer exactly like what does not exist.
    /// </summary>
    public static async Task AssertSameAnswerAsync(HttpResponseMessage first, string firstName, HttpResponseMessage second, string secondName)
    {
        var (a, b) = (await NormalizedAsync(first, firstName), await NormalizedAsync(second, secondName));
        Assert.True(a == b, $"the answers differ:\n  {a}\n  {b}");
        Assert.Equal("application/problem+json", first.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<string> NormalizedAsync(HttpResponseMessage response, string name)
    {
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())?.AsObject() ?? [];
        body.Remove("traceId");
        return $"{(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType} {body.ToJsonString().Replace(name, "NAME", StringComparison.Ordinal)}";
    }

    public static Task<HttpResponseMessage> PatchJsonAsync<T>(this HttpClient client, string path, T body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, path) { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ControlPlaneExtensions.ConfigureJson(options);
        return options;
    }
}
