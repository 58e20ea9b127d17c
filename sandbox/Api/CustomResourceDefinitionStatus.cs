using System.Text.Json.Nodes;
using Paralus.Sandbox.Storage;

namespace Paralus.Sandbox.Api;

/// <summary>
/// What the apiextensions controllers do to a new CRD, at once: check its names and mark it
/// NamesAccepted and Established, so clients that wait for the condition go on.
/// </summary>
internal static class CustomResourceDefinitionStatus
{
    public static void Validate(JsonObject definition)
    {
        var name = Meta.Name(definition);
        var group = Meta.Text(definition, "spec", "group");
        var plural = Meta.Text(definition, "spec", "names", "plural");
        if (group.Length == 0 || plural.Length == 0 || Meta.Text(definition, "spec", "names", "kind").Length == 0)
            throw Invalid(name, "spec.names", "Required value: spec.group, spec.names.plural and spec.names.kind must be set");
        if (name != $"{plural}.{group}")
            throw Invalid(name, "metadata.name", $"Invalid value: \"{name}\": must be spec.names.plural+\".\"+spec.group");
        var scope = Meta.Text(definition, "spec", "scope");
        if (scope is not ("Namespaced" or "Cluster"))
            throw Invalid(name, "spec.scope", $"Unsupported value: \"{scope}\": supported values: \"Cluster\", \"Namespaced\"");
        var versions = (definition["spec"]?["versions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (versions.Count(v => v["storage"]?.GetValue<bool>() == true) != 1)
            throw Invalid(name, "spec.versions", "Invalid value: must have exactly one version marked as storage version");
    }

    public static void Establish(JsonObject definition, string now)
    {
        var names = definition["spec"]?["names"]?.DeepClone() as JsonObject ?? [];
        names["singular"] ??= Meta.Text(names, "kind").ToLowerInvariant();
        names["listKind"] ??= Meta.Text(names, "kind") + "List";
        var storage = (definition["spec"]?["versions"] as JsonArray ?? []).OfType<JsonObject>()
            .First(v => v["storage"]?.GetValue<bool>() == true);
        definition["status"] = new JsonObject
        {
            ["acceptedNames"] = names,
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found", now),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", now)),
            ["storedVersions"] = new JsonArray(Meta.Text(storage, "name")),
        };
    }

    private static JsonObject Condition(string type, string reason, string message, string now) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastTransitionTime"] = now,
        ["reason"] = reason,
        ["message"] = message,
    };

    private static StatusException Invalid(string name, string field, string problem) =>
        StatusException.Invalid("CustomResourceDefinition", "apiextensions.k8s.io", name, field, problem);
}
