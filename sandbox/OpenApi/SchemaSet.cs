using System.Text.Json.Nodes;
using Paralus.Sandbox.Discovery;

namespace Paralus.Sandbox.OpenApi;

/// <summary>
/// OpenAPI definitions keyed by their upstream-style names (<c>io.k8s.api.core.v1.Pod</c>),
/// with references written as <c>#/definitions/NAME</c>, and the definition of each served kind.
/// </summary>
internal sealed class SchemaSet(IReadOnlyDictionary<string, JsonObject> definitions, IReadOnlyDictionary<string, string> roots)
{
    public const string RefPrefix = "#/definitions/";

    public IReadOnlyDictionary<string, JsonObject> Definitions { get; } = definitions;

    /// <summary>The definition name of a served kind, or null when the sandbox has no schema for it.</summary>
    public string? RootOf(ResourceType type) => roots.GetValueOrDefault(RootKey(type));

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

    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => p.Key == "$ref" && p.Value is JsonValue v ? [v.GetValue<string>()] : References(p.Value)),
        JsonArray array => array.SelectMany(References),
        _ => [],
    };
}
