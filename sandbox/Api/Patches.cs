using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Paralus.Sandbox.Api;

/// <summary>
/// The patch types the apiserver accepts. Strategic merge and server-side apply are applied as
/// JSON merge patches: lists are replaced, not merged by key.
/// </summary>
internal static class Patches
{
    public const string JsonPatch = "application/json-patch+json";
    public const string MergePatch = "application/merge-patch+json";
    public const string StrategicMergePatch = "application/strategic-merge-patch+json";
    public const string ApplyPatch = "application/apply-patch+yaml";

    public static JsonObject Apply(JsonObject target, string contentType, string body)
    {
        var mediaType = contentType.Split(';')[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            JsonPatch => ApplyJsonPatch(target, Parse(body) as JsonArray ?? throw StatusException.BadRequest("a JSON patch must be an array of operations")),
            MergePatch or StrategicMergePatch => Merge(target, Parse(body)) as JsonObject ?? throw StatusException.BadRequest("the patch must be an object"),
            ApplyPatch => Merge(target, ParseYaml(body)) as JsonObject ?? throw StatusException.BadRequest("the applied configuration must be an object"),
            _ => throw new StatusException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: {JsonPatch}, {MergePatch}, {StrategicMergePatch}, {ApplyPatch}"),
        };
    }

    /// <summary>RFC 7386: objects merge recursively, null removes, anything else replaces.</summary>
    public static JsonNode? Merge(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject) return patch?.DeepClone();
        var result = target is JsonObject targetObject ? targetObject.DeepClone().AsObject() : new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (value is null) result.Remove(key);
            else result[key] = Merge(result[key], value);
        }
        return result;
    }

    /// <summary>Parses a body that is JSON, or YAML (server-side apply sends either).</summary>
    public static JsonNode? ParseYaml(string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(body));
            }
            catch (YamlDotNet.Core.YamlException e)
            {
                throw StatusException.BadRequest($"error converting YAML to JSON: {e.Message}");
            }
            return stream.Documents.Count == 0 ? null : FromYaml(stream.Documents[0].RootNode);
        }
    }

    public static JsonNode? Parse(string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw StatusException.BadRequest($"the body of the request was in an unknown format: {e.Message}");
        }
    }

    private static JsonObject ApplyJsonPatch(JsonObject target, JsonArray operations)
    {
        JsonNode root = target.DeepClone();
        foreach (var operation in operations.OfType<JsonObject>())
        {
            var op = operation["op"]?.ToString();
            var path = operation["path"]?.ToString() ?? throw StatusException.BadRequest("a JSON patch operation needs a path");
            switch (op)
            {
                case "add":
                    Put(root, path, operation["value"]?.DeepClone(), insert: true);
                    break;
                case "replace":
                    if (!Exists(root, path))
                        throw new StatusException(422, "Invalid", $"the server rejected our request due to an error in our request: doc is missing key: {path}");
                    Put(root, path, operation["value"]?.DeepClone(), insert: false);
                    break;
                case "remove":
                    Take(root, path);
                    break;
                case "move":
                    Put(root, path, Take(root, operation["from"]?.ToString() ?? ""), insert: true);
                    break;
                case "copy":
                    Put(root, path, Find(root, operation["from"]?.ToString() ?? "")?.DeepClone(), insert: true);
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Find(root, path), operation["value"]))
                        throw new StatusException(422, "Invalid", $"the server rejected our request due to an error in our request: testing value {path} failed");
                    break;
                default:
                    throw StatusException.BadRequest($"Unexpected kind: {op}");
            }
        }
        return root as JsonObject ?? throw StatusException.BadRequest("the patched object is not an object");
    }

    private static string[] Pointer(string path) =>
        path.Length == 0 ? [] : path.TrimStart('/').Split('/').Select(p => p.Replace("~1", "/").Replace("~0", "~")).ToArray();

    private static JsonNode? Find(JsonNode root, string path)
    {
        JsonNode? node = root;
        foreach (var part in Pointer(path))
        {
            node = node switch
            {
                JsonObject o => o[part],
                JsonArray a when int.TryParse(part, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < a.Count => a[i],
                _ => null,
            };
            if (node is null) return null;
        }
        return node;
    }

    private static bool Exists(JsonNode root, string path)
    {
        var (parent, last) = Parent(root, path);
        return parent switch
        {
            JsonObject o => o.ContainsKey(last),
            JsonArray a => int.TryParse(last, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < a.Count,
            _ => false,
        };
    }

    private static (JsonNode Parent, string Last) Parent(JsonNode root, string path)
    {
        var parts = Pointer(path);
        if (parts.Length == 0) throw StatusException.BadRequest("the root of the document cannot be patched");
        var parent = Find(root, "/" + string.Join('/', parts[..^1].Select(p => p.Replace("~", "~0").Replace("/", "~1"))));
        if (parts.Length == 1) parent = root;
        return (parent ?? throw new StatusException(422, "Invalid", $"the server rejected our request due to an error in our request: doc is missing path: \"{path}\""), parts[^1]);
    }

    private static void Put(JsonNode root, string path, JsonNode? value, bool insert)
    {
        var (parent, last) = Parent(root, path);
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, CultureInfo.InvariantCulture, out var i) && i >= 0 && i <= a.Count:
                if (insert) a.Insert(i, value);
                else a[i] = value;
                break;
            default:
                throw new StatusException(422, "Invalid", $"the server rejected our request due to an error in our request: invalid path \"{path}\"");
        }
    }

    private static JsonNode? Take(JsonNode root, string path)
    {
        var (parent, last) = Parent(root, path);
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last):
                var value = o[last];
                o.Remove(last);
                return value;
            case JsonArray a when int.TryParse(last, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < a.Count:
                var item = a[i];
                a.RemoveAt(i);
                return item;
            default:
                throw new StatusException(422, "Invalid", $"the server rejected our request due to an error in our request: doc is missing path: \"{path}\"");
        }
    }

    private static JsonNode? FromYaml(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv =>
            KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", FromYaml(kv.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(FromYaml).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted
            or YamlDotNet.Core.ScalarStyle.Literal or YamlDotNet.Core.ScalarStyle.Folded)
            return JsonValue.Create(text);
        if (text is "" or "~" or "null" or "Null" or "NULL") return null;
        if (text is "true" or "True" or "TRUE") return JsonValue.Create(true);
        if (text is "false" or "False" or "FALSE") return JsonValue.Create(false);
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)) return JsonValue.Create(integer);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && text.Any(char.IsDigit)) return JsonValue.Create(real);
        return JsonValue.Create(text);
    }
}
