using System.Text.Json.Nodes;
using Paralus.Sandbox.Discovery;
using Paralus.Sandbox.Storage;

namespace Paralus.Sandbox.Api;

/// <summary>
/// <c>pods/ephemeralcontainers</c>, what <c>kubectl debug</c> patches: GET answers the pod; PATCH
/// (strategic merge by container name, merge, JSON) and PUT change only
/// <c>spec.ephemeralContainers</c>, which may grow but whose entries may never change or go away,
/// as the apiserver validates it. Like the kubelet, the sandbox then reports each new container
/// running in <c>status.ephemeralContainerStatuses</c>.
/// </summary>
internal sealed class EphemeralContainersApi(ResourceStore store, TimeProvider time)
{
    private const string Field = "spec.ephemeralContainers";

    public async Task HandleAsync(HttpContext context, string ns, string name)
    {
        var pod = store.GetRequired(ResourceCatalog.Pods, ns, name);
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method))
        {
            await JsonResponses.WriteAsync(context, 200, pod);
            return;
        }

        JsonObject requested;
        if (HttpMethods.IsPut(method)) requested = await JsonResponses.ReadObjectAsync(context);
        else if (HttpMethods.IsPatch(method)) requested = await PatchAsync(context, pod);
        else throw StatusException.MethodNotAllowed("the server does not allow this method on the requested resource");

        var existing = Containers(pod);
        var wanted = Containers(requested);
        // Defaulted before the comparison, as the apiserver does: a patch need not repeat the defaults.
        foreach (var container in wanted) Admission.DefaultContainer(container);
        var added = Validate(pod, existing, wanted);

        // Everything but the ephemeral containers is taken from the stored pod, as the apiserver's strategy does.
        var updated = pod.DeepClone().AsObject();
        updated["spec"]!["ephemeralContainers"] = new JsonArray(wanted.Select(c => (JsonNode?)c.DeepClone()).ToArray());
        var expected = Meta.ResourceVersion(requested);
        if (HttpMethods.IsPatch(method) && expected == Meta.ResourceVersion(pod)) expected = "";
        Meta.Of(updated)["resourceVersion"] = expected;
        var stored = store.Update(ResourceCatalog.Pods, updated);
        if (added.Count > 0) ReportRunning(stored, added);
        await JsonResponses.WriteAsync(context, 200, stored);
    }

    private static async Task<JsonObject> PatchAsync(HttpContext context, JsonObject pod)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var contentType = context.Request.ContentType ?? "";
        if (!contentType.StartsWith(Patches.StrategicMergePatch, StringComparison.OrdinalIgnoreCase))
            return Patches.Apply(pod, contentType, body);

        // Ephemeral containers merge by name under a strategic merge patch: kubectl debug sends only the new one.
        var patch = Patches.Parse(body) as JsonObject ?? throw StatusException.BadRequest("the patch must be an object");
        if (patch["spec"] is JsonObject spec)
        {
            foreach (var directive in spec.Select(kv => kv.Key).Where(k => k.StartsWith("$setElementOrder/", StringComparison.Ordinal)).ToList())
                spec.Remove(directive);
            if (spec["ephemeralContainers"] is JsonArray items)
            {
                var merged = Containers(pod).Select(c => c.DeepClone().AsObject()).ToList();
                foreach (var item in items.OfType<JsonObject>())
                {
                    var index = merged.FindIndex(c => Meta.Text(c, "name") == Meta.Text(item, "name"));
                    if (index >= 0) merged[index] = (JsonObject)Patches.Merge(merged[index], item)!;
                    else merged.Add(item.DeepClone().AsObject());
                }
                spec["ephemeralContainers"] = new JsonArray(merged.Select(c => (JsonNode?)c).ToArray());
            }
        }
        return Patches.Apply(pod, Patches.MergePatch, patch.ToJsonString());
    }

    /// <summary>The apiserver's checks; returns the containers that are new.</summary>
    private static List<JsonObject> Validate(JsonObject pod, List<JsonObject> existing, List<JsonObject> wanted)
    {
        var podName = Meta.Name(pod);
        foreach (var old in existing)
        {
            var oldName = Meta.Text(old, "name");
            var now = wanted.FirstOrDefault(c => Meta.Text(c, "name") == oldName);
            if (now is null)
                throw StatusException.Invalid("Pod", "", podName, Field, $"Forbidden: existing ephemeral containers \"{oldName}\" may not be removed");
            if (!JsonNode.DeepEquals(old, now))
                throw StatusException.Invalid("Pod", "", podName, $"{Field}[{oldName}]", $"Forbidden: existing ephemeral containers \"{oldName}\" may not be changed");
        }

        var regular = (pod["spec"]?["containers"] as JsonArray ?? []).Select(c => Meta.Text(c, "name")).ToList();
        var names = new HashSet<string>(regular.Concat((pod["spec"]?["initContainers"] as JsonArray ?? []).Select(c => Meta.Text(c, "name"))));
        var added = new List<JsonObject>();
        for (var i = 0; i < wanted.Count; i++)
        {
            var container = wanted[i];
            var containerName = Meta.Text(container, "name");
            var path = $"{Field}[{i}]";
            if (containerName.Length == 0) throw StatusException.Invalid("Pod", "", podName, $"{path}.name", "Required value");
            if (!names.Add(containerName))
                throw StatusException.Invalid("Pod", "", podName, $"{path}.name", $"Duplicate value: \"{containerName}\"");
            if (existing.Any(c => Meta.Text(c, "name") == containerName)) continue;
            if (Meta.Text(container, "image").Length == 0) throw StatusException.Invalid("Pod", "", podName, $"{path}.image", "Required value");
            var target = Meta.Text(container, "targetContainerName");
            if (target.Length > 0 && !regular.Contains(target))
                throw StatusException.Invalid("Pod", "", podName, $"{path}.targetContainerName", $"Not found: \"{target}\"");
            added.Add(container);
        }
        return added;
    }

    private void ReportRunning(JsonObject pod, List<JsonObject> added)
    {
        pod = pod.DeepClone().AsObject();
        var status = pod["status"] as JsonObject ?? new JsonObject();
        var statuses = status["ephemeralContainerStatuses"] as JsonArray ?? new JsonArray();
        var now = ResourceStore.Timestamp(time.GetUtcNow());
        foreach (var container in added) statuses.Add(Admission.RunningStatus(container, now, ready: false));
        status["ephemeralContainerStatuses"] = statuses;
        pod["status"] = status;
        Meta.Of(pod).Remove("resourceVersion");
        store.Update(ResourceCatalog.Pods, pod, statusOnly: true);
    }

    private static List<JsonObject> Containers(JsonObject pod) =>
        (pod["spec"]?["ephemeralContainers"] as JsonArray ?? []).OfType<JsonObject>().ToList();
}
