using System.Text.Json.Nodes;
using Paralus.Sandbox.Storage;

namespace Paralus.Sandbox.Discovery;

/// <summary>
/// What one sandbox serves: the built-in catalog and the kinds of its established
/// CustomResourceDefinitions, as an immutable list replaced whenever a CRD changes.
/// </summary>
internal sealed class ServedResources
{
    private volatile IReadOnlyList<ResourceType> _types = ResourceCatalog.Types;

    public IReadOnlyList<ResourceType> Types => _types;

    /// <summary>API groups in the order discovery lists them (built-in first).</summary>
    public IEnumerable<string> Groups => Types.Select(t => t.Group).Where(g => g.Length > 0).Distinct();

    public IEnumerable<ResourceType> InGroupVersion(string group, string version) =>
        Types.Where(t => t.Group == group && t.Version == version);

    public ResourceType? Find(string group, string version, string plural) =>
        Types.FirstOrDefault(t => t.Group == group && t.Version == version && t.Plural == plural);

    public ResourceType? FindByKey(string key) => Types.FirstOrDefault(t => t.Key == key);

    /// <summary>Serves exactly the kinds of these CustomResourceDefinitions from now on.</summary>
    public void Refresh(IEnumerable<JsonObject> definitions) =>
        _types = [.. ResourceCatalog.Types, .. definitions.SelectMany(TypesOf)];

    private static IEnumerable<ResourceType> TypesOf(JsonObject definition)
    {
        var spec = definition["spec"] as JsonObject ?? [];
        var names = spec["names"] as JsonObject ?? [];
        var group = Meta.Text(spec, "group");
        foreach (var version in (spec["versions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (version["served"]?.GetValue<bool>() == false) continue;
            var subresources = version["subresources"] as JsonObject ?? [];
            yield return new ResourceType(
                group,
                Meta.Text(version, "name"),
                Meta.Text(names, "kind"),
                Meta.Text(names, "plural"),
                Meta.Text(spec, "scope") != "Cluster",
                Strings(names["shortNames"]),
                ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
                Strings(names["categories"]),
                [.. subresources.Select(s => s.Key).Where(s => s == "status")])
            {
                Custom = true,
                PrinterColumns = version["additionalPrinterColumns"] as JsonArray,
                Schema = version["schema"]?["openAPIV3Schema"] as JsonObject,
            };
        }
    }

    private static string[] Strings(JsonNode? node) =>
        [.. (node as JsonArray ?? []).Select(n => n?.ToString() ?? "").Where(s => s.Length > 0)];
}
