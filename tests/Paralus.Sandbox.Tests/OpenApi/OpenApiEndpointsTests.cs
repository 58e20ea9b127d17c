using System.Net;
using System.Text.Json.Nodes;
using Paralus.Sandbox.Api;
using Paralus.Sandbox.Tests.Infrastructure;

namespace Paralus.Sandbox.Tests.OpenApi;

/// <summary>The OpenAPI documents as a client fetches them: v2 protobuf, v3 index and documents, entity tags.</summary>
public sealed class OpenApiEndpointsTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private const string ProtobufV2 = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
    private readonly HttpClient _http = sandbox.Host.CreateHttpClient();

    [Fact]
    public async Task V2_AskedAsProtobuf_IsAGnosticDocumentWithTheServedKinds()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v2");
        // kubectl's media type has an '@', which .NET's header parser refuses.
        request.Headers.TryAddWithoutValidation("Accept", ProtobufV2);
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/com.github.proto-openapi.spec.v2.v1.0+protobuf", response.Content.Headers.ContentType!.MediaType);

        var document = new ProtobufReader(await response.Content.ReadAsByteArrayAsync());
        string? swagger = null;
        var definitions = new List<string>();
        while (document.Next(out var field, out var wire))
        {
            if (field == 1) swagger = document.String();
            else if (field == 9) definitions.AddRange(DefinitionNames(document.Bytes()));
            else document.Skip(wire);
        }
        Assert.Equal("2.0", swagger);
        Assert.Contains("io.k8s.api.core.v1.Pod", definitions);
        Assert.Contains("io.k8s.api.apps.v1.Deployment", definitions);
        Assert.Contains("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", definitions);
    }

    [Fact]
    public async Task V3_CoreDocument_HasPodSchemaWithKindAndMergeKeys()
    {
        var index = JsonNode.Parse(await _http.GetStringAsync("/openapi/v3"))!;
        var url = index["paths"]!["api/v1"]!["serverRelativeURL"]!.ToString();
        Assert.StartsWith("/openapi/v3/api/v1?hash=", url, StringComparison.Ordinal);

        var document = JsonNode.Parse(await _http.GetStringAsync(url))!;
        var schemas = document["components"]!["schemas"]!;
        var pod = schemas["io.k8s.api.core.v1.Pod"]!;
        Assert.Equal("Pod", pod["x-kubernetes-group-version-kind"]![0]!["kind"]!.ToString());
        Assert.Equal("#/components/schemas/io.k8s.api.core.v1.PodSpec", pod["properties"]!["spec"]!["$ref"]!.ToString());
        var containers = schemas["io.k8s.api.core.v1.PodSpec"]!["properties"]!["containers"]!;
        Assert.Equal(("name", "merge"), (containers["x-kubernetes-patch-merge-key"]!.ToString(), containers["x-kubernetes-patch-strategy"]!.ToString()));
        Assert.Equal("string", schemas["io.k8s.api.core.v1.ConfigMap"]!["properties"]!["data"]!["additionalProperties"]!["type"]!.ToString());
    }

    [Fact]
    public async Task V3_IfNoneMatchWithTheETag_Is304()
    {
        using var first = await _http.GetAsync("/openapi/v3/apis/apps/v1");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, "/openapi/v3/apis/apps/v1");
        again.Headers.IfNoneMatch.Add(etag);
        using var response = await _http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    private static IEnumerable<string> DefinitionNames(ReadOnlyMemory<byte> definitions)
    {
        var reader = new ProtobufReader(definitions);
        var names = new List<string>();
        while (reader.Next(out var field, out var wire))
        {
            if (field != 1)
            {
                reader.Skip(wire);
                continue;
            }
            var named = new ProtobufReader(reader.Bytes());
            while (named.Next(out var namedField, out var namedWire))
            {
                if (namedField == 1) names.Add(named.String());
                else named.Skip(namedWire);
            }
        }
        return names;
    }
}
