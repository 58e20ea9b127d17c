using System.Text.Json.Nodes;
using Paralus.Sandbox.Api;
using Paralus.Sandbox.Storage;

namespace Paralus.Sandbox.Streams;

/// <summary>
/// Finds the container a log, exec or attach request names: one of <c>spec.containers</c> or
/// <c>spec.ephemeralContainers</c> (<c>kubectl debug</c>), the first container when none is named.
/// </summary>
internal static class PodContainers
{
    public static JsonObject Find(JsonObject pod, string requested)
    {
        var containers = (pod["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>();
        if (requested.Length == 0) return containers.FirstOrDefault() ?? throw NotValid(pod, requested);
        var ephemeral = (pod["spec"]?["ephemeralContainers"] as JsonArray ?? []).OfType<JsonObject>();
        return containers.Concat(ephemeral).FirstOrDefault(c => Meta.Text(c, "name") == requested) ?? throw NotValid(pod, requested);
    }

    private static StatusException NotValid(JsonObject pod, string requested) =>
        StatusException.BadRequest($"container {requested} is not valid for pod {Meta.Name(pod)}");
}
