using System.Text.Json.Nodes;
using Paralus.Sandbox.Api;
using Paralus.Sandbox.Discovery;
using Paralus.Sandbox.Storage;

namespace Paralus.Sandbox.Controllers;

/// <summary>
/// Writes the Events a scheduler, kubelet and replica-set controller would, so that
/// <c>kubectl describe pod</c> and <c>kubectl get events</c> look familiar: Scheduled, Pulled,
/// Created, Started for each new pod, SuccessfulCreate/SuccessfulDelete on its ReplicaSet.
/// </summary>
internal sealed partial class EventRecorder(ResourceStore store, TimeProvider time, ILogger<EventRecorder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = store.Subscribe(null, null);
        try
        {
            while (await subscription.Events.WaitToReadAsync(stoppingToken))
            {
                while (subscription.Events.TryRead(out var e))
                {
                    if (e.ResourceKey == ResourceCatalog.Pods.Key && e.Type is "ADDED" or "DELETED") Record(e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private void Record(StoreEvent change)
    {
        var pod = change.Object;
        var name = Meta.Name(pod);
        var owner = (pod["metadata"]?["ownerReferences"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(o => Meta.Text(o, "kind") == "ReplicaSet");
        try
        {
            if (change.Type == "DELETED")
            {
                if (owner is not null) Write(pod, owner, "SuccessfulDelete", $"Deleted pod: {name}", "replicaset-controller");
                return;
            }
            if (owner is not null) Write(pod, owner, "SuccessfulCreate", $"Created pod: {name}", "replicaset-controller");
            var podRef = Reference(pod);
            Write(pod, podRef, "Scheduled", $"Successfully assigned {Meta.Namespace(pod)}/{name} to {Meta.Text(pod, "spec", "nodeName")}", "default-scheduler");
            foreach (var container in (pod["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var containerName = Meta.Text(container, "name");
                var containerRef = Reference(pod);
                containerRef["fieldPath"] = $"spec.containers{{{containerName}}}";
                Write(pod, containerRef, "Pulled", $"Container image \"{Meta.Text(container, "image")}\" already present on machine", "kubelet");
                Write(pod, containerRef, "Created", $"Created container: {containerName}", "kubelet");
                Write(pod, containerRef, "Started", $"Started container {containerName}", "kubelet");
            }
        }
        catch (StatusException e)
        {
            // The namespace went away with the pod; nothing to record into.
            LogEventDropped(logger, name, e.Message);
        }
        catch (Exception e) when (e is InvalidOperationException or NullReferenceException or FormatException)
        {
            // A malformed pod must not stop event recording for everyone else.
            LogEventDropped(logger, name, e.Message);
        }
    }

    private void Write(JsonObject pod, JsonObject involved, string reason, string message, string component)
    {
        var now = ResourceStore.Timestamp(time.GetUtcNow());
        var ns = Meta.Namespace(pod);
        var involvedObject = involved.DeepClone().AsObject();
        involvedObject.Remove("controller");
        involvedObject.Remove("blockOwnerDeletion");
        involvedObject["namespace"] = ns;
        store.Create(ResourceCatalog.Events, new JsonObject
        {
            ["metadata"] = new JsonObject { ["generateName"] = $"{Meta.Text(involved, "name")}.", ["namespace"] = ns },
            ["involvedObject"] = involvedObject,
            ["reason"] = reason,
            ["message"] = message,
            ["source"] = new JsonObject { ["component"] = component },
            ["firstTimestamp"] = now,
            ["lastTimestamp"] = now,
            ["count"] = 1,
            ["type"] = "Normal",
            ["reportingComponent"] = component,
            ["reportingInstance"] = "",
        });
    }

    private static JsonObject Reference(JsonObject pod) => new()
    {
        ["kind"] = "Pod",
        ["namespace"] = Meta.Namespace(pod),
        ["name"] = Meta.Name(pod),
        ["uid"] = Meta.Uid(pod),
        ["apiVersion"] = "v1",
        ["resourceVersion"] = Meta.ResourceVersion(pod),
    };

    [LoggerMessage(EventId = 40, Level = LogLevel.Debug, Message = "no event recorded for pod {Pod}: {Reason}")]
    private static partial void LogEventDropped(ILogger logger, string pod, string reason);
}
