using System.Text.Json.Nodes;

namespace Paralus.Sandbox.Storage;

/// <summary>Reads and writes the <c>metadata</c> fields of a JSON object.</summary>
internal static class Meta
{
    public static JsonObject Of(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata) return metadata;
        metadata = new JsonObject();
        obj["metadata"] = metadata;
        return metadata;
    }

    public static string Name(JsonObject obj) => Str(obj, "name");

    public static string Namespace(JsonObject obj) => Str(obj, "namespace");

    public static string Uid(JsonObject obj) => Str(obj, "uid");

    public static string ResourceVersion(JsonObject obj) => Str(obj, "resourceVersion");

    public static IReadOnlyDictionary<string, string> Labels(JsonObject obj) =>
        (obj["metadata"]?["labels"] as JsonObject)?.ToDictionary(p => p.Key, p => p.Value?.ToString() ?? "")
        ?? new Dictionary<string, string>();

    public static IEnumerable<string> OwnerUids(JsonObject obj) =>
        (obj["metadata"]?["ownerReferences"] as JsonArray)?.Select(o => o?["uid"]?.ToString() ?? "") ?? [];

    /// <summary>Follows a dotted field path such as <c>status.phase</c>.</summary>
    public static string? Field(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.Split('.'))
        {
            node = (node as JsonObject)?[part];
            if (node is null) return null;
        }
        return node is JsonValue value ? value.ToString() : node.ToJsonString();
    }

    /// <summary>Returns the string at <paramref name="path"/>, or empty when absent.</summary>
    public static string Text(JsonNode? node, params string[] path)
    {
        foreach (var part in path) node = (node as JsonObject)?[part];
        return node is JsonValue value && value.TryGetValue(out string? text) ? text : node?.ToString() ?? "";
    }

    /// <summary>A number whether it was parsed from JSON or set in code as any integer type.</summary>
    public static long Long(JsonNode? node) =>
        node is JsonValue value && long.TryParse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;

    private static string Str(JsonObject obj, string field) =>
        obj["metadata"]?[field] is JsonValue value && value.TryGetValue(out string? text) ? text : "";
}
