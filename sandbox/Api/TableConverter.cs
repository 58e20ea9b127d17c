using System.Globalization;
using System.Text.Json.Nodes;
using Paralus.Sandbox.Discovery;
using Paralus.Sandbox.Storage;

namespace Paralus.Sandbox.Api;

/// <summary>
/// Server-side printing (<c>meta.k8s.io/v1 Table</c>), with the columns kubectl shows for the
/// common kinds and NAME/AGE for the rest.
/// </summary>
internal sealed class TableConverter(TimeProvider time)
{
    public const string ContentType = "application/json;as=Table;v=v1;g=meta.k8s.io";

    public static bool Wants(HttpRequest request) =>
        request.Headers.Accept.ToString() is var accept && accept.Contains("as=Table", StringComparison.Ordinal);

    public JsonObject Convert(ResourceType type, IEnumerable<JsonObject> objects, string resourceVersion, string includeObject)
    {
        var columns = Columns(type);
        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var row = new JsonObject { ["cells"] = new JsonArray(Cells(type, obj).ToArray()) };
            row["object"] = includeObject switch
            {
                "None" => null,
                "Object" => obj.DeepClone(),
                _ => new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = Meta.Of(obj).DeepClone(),
                },
            };
            rows.Add(row);
        }
        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
            ["columnDefinitions"] = new JsonArray(columns.Select(c => (JsonNode?)new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = c.Type,
                ["format"] = c.Name == "Name" ? "name" : "",
                ["description"] = c.Name,
                ["priority"] = c.Priority,
            }).ToArray()),
            ["rows"] = rows,
        };
    }

    private static IReadOnlyList<(string Name, string Type, int Priority)> Columns(ResourceType type) => type.Custom ? CustomColumns(type) : type.Kind switch
    {
        "Pod" => [("Name", "string", 0), ("Ready", "string", 0), ("Status", "string", 0), ("Restarts", "string", 0), ("Age", "string", 0), ("IP", "string", 1), ("Node", "string", 1)],
        "Deployment" => [("Name", "string", 0), ("Ready", "string", 0), ("Up-to-date", "integer", 0), ("Available", "integer", 0), ("Age", "string", 0), ("Containers", "string", 1), ("Images", "string", 1), ("Selector", "string", 1)],
        "ReplicaSet" => [("Name", "string", 0), ("Desired", "integer", 0), ("Current", "integer", 0), ("Ready", "integer", 0), ("Age", "string", 0)],
        "Namespace" => [("Name", "string", 0), ("Status", "string", 0), ("Age", "string", 0)],
        "Node" => [("Name", "string", 0), ("Status", "string", 0), ("Roles", "string", 0), ("Age", "string", 0), ("Version", "string", 0)],
        "Service" => [("Name", "string", 0), ("Type", "string", 0), ("Cluster-IP", "string", 0), ("External-IP", "string", 0), ("Port(s)", "string", 0), ("Age", "string", 0)],
        "ConfigMap" => [("Name", "string", 0), ("Data", "integer", 0), ("Age", "string", 0)],
        "Secret" => [("Name", "string", 0), ("Type", "string", 0), ("Data", "integer", 0), ("Age", "string", 0)],
        "ServiceAccount" => [("Name", "string", 0), ("Secrets", "integer", 0), ("Age", "string", 0)],
        "Event" => [("Last Seen", "string", 0), ("Type", "string", 0), ("Reason", "string", 0), ("Object", "string", 0), ("Message", "string", 0)],
        _ => [("Name", "string", 0), ("Age", "string", 0)],
    };

    /// <summary>A CRD's additionalPrinterColumns after NAME; without any, the apiserver shows NAME and AGE.</summary>
    private static IReadOnlyList<(string Name, string Type, int Priority)> CustomColumns(ResourceType type) =>
        type.PrinterColumns is null
            ? [("Name", "string", 0), ("Age", "date", 0)]
            : [("Name", "string", 0), .. type.PrinterColumns.OfType<JsonObject>().Select(c =>
                (Meta.Text(c, "name"), Meta.Text(c, "type"), (int)Meta.Long(c["priority"])))];

    private IEnumerable<JsonNode?> CustomCells(ResourceType type, JsonObject obj)
    {
        yield return Meta.Name(obj);
        if (type.PrinterColumns is null)
        {
            yield return Age(Meta.Text(obj, "metadata", "creationTimestamp"));
            yield break;
        }
        foreach (var column in type.PrinterColumns.OfType<JsonObject>())
        {
            var value = FieldPath(obj, Meta.Text(column, "jsonPath"));
            yield return Meta.Text(column, "type") == "date" && value is not null ? Age(value.ToString()) : value?.DeepClone();
        }
    }

    /// <summary>The simple JSONPath CRDs use for columns: <c>.spec.replicas</c>, <c>.status.conditions[0].type</c>.</summary>
    private static JsonNode? FieldPath(JsonNode obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.Trim('{', '}').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            node = (node as JsonObject)?[bracket < 0 ? part : part[..bracket]];
            if (bracket >= 0 && int.TryParse(part[(bracket + 1)..^1], CultureInfo.InvariantCulture, out var index))
                node = node is JsonArray array && index < array.Count ? array[index] : null;
        }
        return node;
    }

    private IEnumerable<JsonNode?> Cells(ResourceType type, JsonObject obj)
    {
        if (type.Custom) return CustomCells(type, obj);
        var name = Meta.Name(obj);
        var age = Age(Meta.Text(obj, "metadata", "creationTimestamp"));
        switch (type.Kind)
        {
            case "Pod":
                var statuses = (obj["status"]?["containerStatuses"] as JsonArray ?? []).OfType<JsonObject>().ToList();
                var total = (obj["spec"]?["containers"] as JsonArray)?.Count ?? 0;
                var ready = statuses.Count(s => s["ready"]?.GetValue<bool>() == true);
                var restarts = statuses.Sum(s => (int)Meta.Long(s["restartCount"]));
                var phase = Meta.Text(obj, "status", "phase");
                return [name, $"{ready}/{total}", phase.Length == 0 ? "Pending" : phase, restarts.ToString(CultureInfo.InvariantCulture), age,
                    Or(Meta.Text(obj, "status", "podIP")), Or(Meta.Text(obj, "spec", "nodeName"))];
            case "Deployment":
                var containers = (obj["spec"]?["template"]?["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>().ToList();
                var selector = (obj["spec"]?["selector"]?["matchLabels"] as JsonObject ?? []).Select(kv => $"{kv.Key}={kv.Value}");
                return [name, $"{Int(obj, "status", "readyReplicas")}/{Int(obj, "spec", "replicas")}", Int(obj, "status", "updatedReplicas"),
                    Int(obj, "status", "availableReplicas"), age,
                    string.Join(',', containers.Select(c => Meta.Text(c, "name"))), string.Join(',', containers.Select(c => Meta.Text(c, "image"))),
                    string.Join(',', selector)];
            case "ReplicaSet":
                return [name, Int(obj, "spec", "replicas"), Int(obj, "status", "replicas"), Int(obj, "status", "readyReplicas"), age];
            case "Namespace":
                return [name, Or(Meta.Text(obj, "status", "phase")), age];
            case "Node":
                var roles = Meta.Labels(obj).Keys.Where(k => k.StartsWith("node-role.kubernetes.io/", StringComparison.Ordinal)).Select(k => k["node-role.kubernetes.io/".Length..]);
                return [name, "Ready", Or(string.Join(',', roles)), age, Meta.Text(obj, "status", "nodeInfo", "kubeletVersion")];
            case "Service":
                var ports = (obj["spec"]?["ports"] as JsonArray ?? []).OfType<JsonObject>().Select(p => $"{p["port"]}/{Meta.Text(p, "protocol")}");
                return [name, Meta.Text(obj, "spec", "type"), Or(Meta.Text(obj, "spec", "clusterIP")), "<none>", Or(string.Join(',', ports)), age];
            case "ConfigMap":
                return [name, (obj["data"] as JsonObject)?.Count ?? 0, age];
            case "Secret":
                return [name, Meta.Text(obj, "type"), (obj["data"] as JsonObject)?.Count ?? 0, age];
            case "ServiceAccount":
                return [name, (obj["secrets"] as JsonArray)?.Count ?? 0, age];
            case "Event":
                var involved = obj["involvedObject"];
                return [age, Meta.Text(obj, "type"), Meta.Text(obj, "reason"),
                    $"{Meta.Text(involved, "kind").ToLowerInvariant()}/{Meta.Text(involved, "name")}", Meta.Text(obj, "message")];
            default:
                return [name, age];
        }
    }

    private string Age(string timestamp)
    {
        if (!DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created)) return "<unknown>";
        return HumanDuration(time.GetUtcNow() - created);
    }

    /// <summary>The apimachinery HumanDuration format: 5s, 3m20s, 4h, 2d3h, 40d.</summary>
    internal static string HumanDuration(TimeSpan d)
    {
        var seconds = (long)Math.Max(0, d.TotalSeconds);
        if (seconds < 60 * 2) return $"{seconds}s";
        var minutes = seconds / 60;
        if (minutes < 10) return seconds % 60 == 0 ? $"{minutes}m" : $"{minutes}m{seconds % 60}s";
        if (minutes < 60 * 3) return $"{minutes}m";
        var hours = minutes / 60;
        if (hours < 8) return minutes % 60 == 0 ? $"{hours}h" : $"{hours}h{minutes % 60}m";
        if (hours < 48) return $"{hours}h";
        if (hours < 24 * 8) return hours % 24 == 0 ? $"{hours / 24}d" : $"{hours / 24}d{hours % 24}h";
        if (hours < 24 * 365 * 2) return $"{hours / 24}d";
        return $"{hours / 24 / 365}y";
    }

    private static string Or(string value) => value.Length == 0 ? "<none>" : value;

    private static long Int(JsonObject obj, params string[] path)
    {
        JsonNode? node = obj;
        foreach (var part in path) node = (node as JsonObject)?[part];
        return Meta.Long(node);
    }
}
