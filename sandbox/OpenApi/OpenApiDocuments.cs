using System.Text.Json;
using System.Text.Json.Nodes;
using Paralus.Sandbox.Api;
using Paralus.Sandbox.Discovery;

namespace Paralus.Sandbox.OpenApi;

/// <summary>
/// The OpenAPI documents of a set of served kinds, rendered once: <c>/openapi/v2</c> as JSON and
/// as protobuf, <c>/openapi/v3</c> as a per-group-version index and documents.
/// </summary>
internal sealed class OpenApiDocuments
{
    private const string Title = "Kubernetes (paralus-sandbox)";
    private const string V3RefPrefix = "#/components/schemas/";

    // The built-in kinds are the same in every sandbox, and rendering them costs about half a
    // second: done once per process, on first use, not at every start.
    private static readonly Lazy<OpenApiDocuments> Shared = new(() => new OpenApiDocuments(ModelSchemas.Build(ResourceCatalog.Types), ResourceCatalog.Types, null));

    private readonly Dictionary<string, OpenApiDocument> _v3 = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<ResourceType> _types;

    private OpenApiDocuments(SchemaSet schemas, IReadOnlyList<ResourceType> types, OpenApiDocuments? builtIn)
    {
        Schemas = schemas;
        _types = types;
        V2Json = Json(new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = new JsonObject { ["title"] = Title, ["version"] = DiscoveryApi.KubernetesVersion },
            ["paths"] = new JsonObject(),
            ["definitions"] = new JsonObject(Schemas.Definitions.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value.DeepClone()))),
        });
        V2Protobuf = new OpenApiDocument(OpenApiV2Protobuf.Encode(Title, DiscoveryApi.KubernetesVersion, Schemas.Definitions), OpenApiV2Protobuf.ContentType);
        var paths = new JsonObject();
        foreach (var (group, version) in types.Select(t => (t.Group, t.Version)).Distinct())
        {
            var path = group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";
            var custom = types.Any(t => t.Custom && t.Group == group && t.Version == version);
            var document = (custom ? null : builtIn?.V3(path)) ?? Json(GroupVersionDocument(group, version));
            _v3[path] = document;
            paths[path] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{path}?hash={document.Hash}" };
        }
        V3Index = Json(new JsonObject { ["paths"] = paths });
    }

    public static OpenApiDocuments BuiltIn => Shared.Value;

    /// <summary>The documents of these kinds: the built-in ones, reused, and those of CRDs.</summary>
    public static OpenApiDocuments For(IReadOnlyList<ResourceType> types)
    {
        var custom = types.Where(t => t.Custom).ToList();
        return custom.Count == 0 ? BuiltIn : new OpenApiDocuments(BuiltIn.Schemas.WithCustom(custom), types, BuiltIn);
    }

    public SchemaSet Schemas { get; }

    public OpenApiDocument V2Json { get; }

    public OpenApiDocument V2Protobuf { get; }

    public OpenApiDocument V3Index { get; }

    /// <summary>The document of <c>api/v1</c> or <c>apis/GROUP/VERSION</c>, if served.</summary>
    public OpenApiDocument? V3(string path) => _v3.GetValueOrDefault(path);

    private JsonObject GroupVersionDocument(string group, string version)
    {
        var types = _types.Where(t => t.Group == group && t.Version == version).ToList();
        var prefix = group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}";
        var paths = new JsonObject();
        // Each kind declares a PATCH with fieldValidation: kubectl then leaves validation to the server.
        foreach (var type in types.Where(t => t.Stored))
        {
            var path = type.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{type.Plural}/{{name}}" : $"{prefix}/{type.Plural}/{{name}}";
            paths[path] = new JsonObject
            {
                ["patch"] = new JsonObject
                {
                    ["operationId"] = $"patch{type.Kind}",
                    ["parameters"] = new JsonArray(
                        QueryParameter("fieldValidation"), QueryParameter("fieldManager"), QueryParameter("dryRun")),
                    ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
                    ["x-kubernetes-action"] = "patch",
                    ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind },
                },
            };
        }
        var roots = types.Select(Schemas.RootOf).OfType<string>();
        var schemas = new JsonObject();
        foreach (var name in Schemas.Closure(roots))
            schemas[name] = WithV3References(Schemas.Definitions[name]);
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = Title, ["version"] = DiscoveryApi.KubernetesVersion },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    private static JsonObject QueryParameter(string name) =>
        new() { ["name"] = name, ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } };

    private static JsonNode WithV3References(JsonNode node)
    {
        var copy = node.DeepClone();
        Rewrite(copy);
        return copy;

        static void Rewrite(JsonNode? current)
        {
            if (current is JsonArray array)
            {
                foreach (var item in array) Rewrite(item);
                return;
            }
            if (current is not JsonObject obj) return;
            if (obj["$ref"] is JsonValue reference)
                obj["$ref"] = V3RefPrefix + reference.GetValue<string>()[SchemaSet.RefPrefix.Length..];
            foreach (var (_, value) in obj.ToList()) Rewrite(value);
        }
    }

    private static OpenApiDocument Json(JsonObject document) =>
        new(JsonSerializer.SerializeToUtf8Bytes(document, JsonResponses.SerializerOptions), "application/json");
}
