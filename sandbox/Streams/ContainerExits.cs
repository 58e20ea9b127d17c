using System.Text.Json.Nodes;
using Paralus.Sandbox.Discovery;
using Paralus.Sandbox.Storage;

namespace Paralus.Sandbox.Streams;

/// <summary>
/// Records, as the kubelet would, that a container's process ended. Only an attached shell is the
/// container's own process in the sandbox (<c>kubectl run -it --restart=Never x -- sh</c>): when it
/// exits, the container is terminated unless the restart policy would restart it, and a pod whose
/// containers have all terminated is Succeeded or Failed, which <c>kubectl run --rm -it</c> waits for.
/// </summary>
internal sealed class ContainerExits(ResourceStore store, TimeProvider time)
{
    public void Record(ExecRequest request, int exitCode)
    {
        var pod = store.Get(ResourceCatalog.Pods, request.PodNamespace, request.PodName);
        if (pod is null || Meta.Uid(pod) != request.PodUid || pod["status"] is not JsonObject status) return;
        var regular = (status["containerStatuses"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var ephemeral = (status["ephemeralContainerStatuses"] as JsonArray ?? []).OfType<JsonObject>();
        var entry = regular.Concat(ephemeral).FirstOrDefault(s => Meta.Text(s, "name") == request.Container);
        if (entry is null) return;
        var policy = Meta.Text(pod, "spec", "restartPolicy");
        // The kubelet would start it again; ephemeral containers never restart.
        if (regular.Contains(entry) && (policy is "Always" or "" || (policy == "OnFailure" && exitCode != 0))) return;

        var now = ResourceStore.Timestamp(time.GetUtcNow());
        entry["state"] = new JsonObject
        {
            ["terminated"] = new JsonObject
            {
                ["exitCode"] = exitCode,
                ["reason"] = exitCode == 0 ? "Completed" : "Error",
                ["startedAt"] = Meta.Text(entry, "state", "running", "startedAt"),
                ["finishedAt"] = now,
                ["containerID"] = Meta.Text(entry, "containerID"),
            },
        };
        entry["ready"] = false;
        entry["started"] = false;
        if (regular.All(s => s["state"]?["terminated"] is not null))
        {
            status["phase"] = regular.All(s => Meta.Long(s["state"]!["terminated"]!["exitCode"]) == 0) ? "Succeeded" : "Failed";
            foreach (var condition in (status["conditions"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (Meta.Text(condition, "type") is not ("Ready" or "ContainersReady")) continue;
                condition["status"] = "False";
                condition["reason"] = "PodCompleted";
                condition["lastTransitionTime"] = now;
            }
        }
        Meta.Of(pod).Remove("resourceVersion");
        store.Update(ResourceCatalog.Pods, pod, statusOnly: true);
    }
}
