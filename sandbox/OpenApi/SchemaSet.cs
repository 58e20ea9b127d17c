using System.Text.Json.Nodes;
using Paralus.Sandbox.Discovery;

namespace Paralus.Sandbox.OpenApi;

/// <summary>
/// OpenAPI definitions keyed by their upstream-style names (<c>io.k8s.api.core.v1.Pod</c>),
/// with references written as <c>#/definitions/NAME</c>, and the definition of each served kind.
/// </summary>
internal sealed class SchemaSet(IReadOnlyDictionary<string, JsonObject> definitions, IReadOnlyDictionary<string, string> roots)
{
    private IReadOnlyDictionary<string, string> RootNames { get; } = roots;

    public const string RefPrefix = "#/definitions/";

    public IReadOnlyDictionary<string, JsonObject> Definitions { get; } = definitions;

    /// <summary>The definition name of a served kind, or null when the sandbox has no schema for it.</summary>
    public string? RootOf(ResourceType type) => RootNames.GetValueOrDefault(RootKey(type));

    public JsonObject Resolve(string reference) => Definitions[reference[RefPrefix.Length..]];

    /// <summary>The named definitions and every definition they reference, directly or not.</summary>
    public IEnumerable<string> Closure(IEnumerable<string> names)
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(names);
        while (pending.TryPop(out var name))
        {
            if (!seen.Add(name)) continue;
            foreach (var reference in References(Definitions[name]))
                pending.Push(reference[RefPrefix.Length..]);
        }
        return seen;
    }

    public static string RootKey(ResourceType type) => $"{type.Group}/{type.Version}/{type.Kind}";

    /// <summary>
    /// These definitions plus one per custom kind, named like the apiserver names them
    /// (<c>com.example.v1.Widget</c>): its openAPIV3Schema with apiVersion, kind and metadata.
    /// </summary>
    public SchemaSet WithCustom(IEnumerable<ResourceType> custom)
    {
        var definitions = new SortedDictionary<string, JsonObject>(Definitions.ToDictionary(), StringComparer.Ordinal);
        var roots = new Dictionary<string, string>(RootNames, StringComparer.Ordinal);
        foreach (var type in custom)
        {
            var name = string.Join('.', type.Group.Split('.').Reverse()) + $".{type.Version}.{type.Kind}";
            var schema = type.Schema?.DeepClone().AsObject() ?? new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
            var properties = schema["properties"] as JsonObject ?? [];
            properties["apiVersion"] = new JsonObject { ["type"] = "string" };
            properties["kind"] = new JsonObject { ["type"] = "string" };
            properties["metadata"] = new JsonObject { ["$ref"] = RefPrefix + "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" };
            schema["properties"] = properties;
            schema["x-kubernetes-group-version-kind"] = new JsonArray(
                new JsonObject { ["group"] = type.Group, ["kind"] = type.Kind, ["version"] = type.Version });
            definitions[name] = schema;
            roots[RootKey(type)] = name;
        }
        return new SchemaSet(definitions, roots);
    }

    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => p.Key == "$ref" && p.Value is JsonValue v ? [v.GetValue<string>()] : References(p.Value)),
        JsonArray array => array.SelectMany(References),
        _ => [],
    };
}
