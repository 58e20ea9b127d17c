using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Paralus.Sandbox.Api;
using Paralus.Sandbox.Discovery;
using Paralus.Sandbox.Storage;

namespace Paralus.Sandbox.Controllers;

/// <summary>
/// The deployment and replica-set controllers, shrunk: a Deployment gets one ReplicaSet per pod
/// template (<c>&lt;deploy&gt;-&lt;hash&gt;</c>, older ones scaled to 0), a ReplicaSet gets its
/// pods (<c>&lt;rs&gt;-&lt;random&gt;</c>), and both report status. Runs on store events.
/// </summary>
internal sealed partial class DeploymentController(ResourceStore store, Admission admission, ILogger<DeploymentController> logger)
    : BackgroundService
{
    private const string RevisionAnnotation = "deployment.kubernetes.io/revision";
    private static readonly HashSet<string> Watched = [ResourceCatalog.Deployments.Key, ResourceCatalog.ReplicaSets.Key, ResourceCatalog.Pods.Key];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = store.Subscribe(null, null);
        ReconcileAll();
        try
        {
            while (await subscription.Events.WaitToReadAsync(stoppingToken))
            {
                var dirty = new HashSet<string>();
                while (subscription.Events.TryRead(out var e))
                {
                    if (Watched.Contains(e.ResourceKey)) dirty.Add(Meta.Namespace(e.Object));
                }
                foreach (var ns in dirty) Reconcile(ns);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    internal void ReconcileAll()
    {
        foreach (var ns in store.List(ResourceCatalog.Namespaces, "").Items) Reconcile(Meta.Name(ns));
    }

    private void Reconcile(string ns)
    {
        try
        {
            foreach (var deployment in store.List(ResourceCatalog.Deployments, ns).Items) ReconcileDeployment(deployment);
            foreach (var replicaSet in store.List(ResourceCatalog.ReplicaSets, ns).Items) ReconcileReplicaSet(replicaSet);
            foreach (var deployment in store.List(ResourceCatalog.Deployments, ns).Items) UpdateDeploymentStatus(deployment);
        }
        catch (StatusException e)
        {
            // A concurrent change wins; its own event brings us back here.
            LogReconcileRetry(logger, ns, e.Message);
        }
        catch (Exception e) when (e is InvalidOperationException or NullReferenceException or FormatException)
        {
            // A malformed object must not stop the controller for everyone else.
            LogReconcileFailed(logger, ns, e);
        }
    }

    private void ReconcileDeployment(JsonObject deployment)
    {
        var ns = Meta.Namespace(deployment);
        var template = deployment["spec"]?["template"] as JsonObject ?? new JsonObject();
        var hash = TemplateHash(template);
        var name = $"{Meta.Name(deployment)}-{hash}";
        var replicas = Meta.Long(deployment["spec"]?["replicas"]);
        var owned = OwnedBy(ResourceCatalog.ReplicaSets, ns, deployment);

        foreach (var old in owned.Where(rs => Meta.Name(rs) != name && Meta.Long(rs["spec"]?["replicas"]) != 0))
        {
            old["spec"]!["replicas"] = 0;
            store.Update(ResourceCatalog.ReplicaSets, old);
        }

        var current = owned.FirstOrDefault(rs => Meta.Name(rs) == name);
        var latest = owned.Select(Revision).DefaultIfEmpty(0).Max();
        long revision;
        if (current is null)
        {
            revision = latest + 1;
            var podTemplate = template.DeepClone().AsObject();
            var templateMeta = Meta.Of(podTemplate);
            var labels = templateMeta["labels"] as JsonObject ?? new JsonObject();
            labels["pod-template-hash"] = hash;
            templateMeta["labels"] = labels;
            var selector = deployment["spec"]?["selector"]?.DeepClone().AsObject() ?? new JsonObject();
            var matchLabels = selector["matchLabels"] as JsonObject ?? new JsonObject();
            matchLabels["pod-template-hash"] = hash;
            selector["matchLabels"] = matchLabels;
            var replicaSet = new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["name"] = name,
                    ["namespace"] = ns,
                    ["labels"] = labels.DeepClone(),
                    ["annotations"] = new JsonObject
                    {
                        ["deployment.kubernetes.io/desired-replicas"] = replicas.ToString(CultureInfo.InvariantCulture),
                        [RevisionAnnotation] = revision.ToString(CultureInfo.InvariantCulture),
                    },
                    ["ownerReferences"] = new JsonArray(OwnerReference(deployment)),
                },
                ["spec"] = new JsonObject { ["replicas"] = replicas, ["selector"] = selector, ["template"] = podTemplate },
                ["status"] = new JsonObject { ["replicas"] = 0 },
            };
            store.Create(ResourceCatalog.ReplicaSets, replicaSet);
        }
        else
        {
            // A template rolled back to reuses its ReplicaSet, which becomes the newest revision.
            revision = Revision(current) == latest ? latest : latest + 1;
            if (Meta.Long(current["spec"]?["replicas"]) != replicas || Revision(current) != revision)
            {
                current["spec"]!["replicas"] = replicas;
                Annotations(current)[RevisionAnnotation] = revision.ToString(CultureInfo.InvariantCulture);
                store.Update(ResourceCatalog.ReplicaSets, current);
            }
        }

        var revisionText = revision.ToString(CultureInfo.InvariantCulture);
        if (Meta.Text(deployment, "metadata", "annotations", RevisionAnnotation) != revisionText)
        {
            Annotations(deployment)[RevisionAnnotation] = revisionText;
            store.Update(ResourceCatalog.Deployments, deployment);
        }
    }

    private static long Revision(JsonObject replicaSet) =>
        long.TryParse(Meta.Text(replicaSet, "metadata", "annotations", RevisionAnnotation), CultureInfo.InvariantCulture, out var revision) ? revision : 0;

    private static JsonObject Annotations(JsonObject obj)
    {
        var metadata = Meta.Of(obj);
        if (metadata["annotations"] is JsonObject annotations) return annotations;
        annotations = new JsonObject();
        metadata["annotations"] = annotations;
        return annotations;
    }

    private void ReconcileReplicaSet(JsonObject replicaSet)
    {
        var ns = Meta.Namespace(replicaSet);
        var wanted = Meta.Long(replicaSet["spec"]?["replicas"]);
        var pods = OwnedBy(ResourceCatalog.Pods, ns, replicaSet);
        for (var i = pods.Count; i < wanted; i++)
        {
            var pod = new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["generateName"] = $"{Meta.Name(replicaSet)}-",
                    ["namespace"] = ns,
                    ["labels"] = replicaSet["spec"]?["template"]?["metadata"]?["labels"]?.DeepClone(),
                    ["ownerReferences"] = new JsonArray(OwnerReference(replicaSet)),
                },
                ["spec"] = replicaSet["spec"]?["template"]?["spec"]?.DeepClone(),
            };
            admission.PrepareCreate(ResourceCatalog.Pods, pod);
            pods.Add(store.Create(ResourceCatalog.Pods, pod));
        }
        foreach (var extra in pods.Skip((int)wanted).ToList())
        {
            store.Delete(ResourceCatalog.Pods, ns, Meta.Name(extra));
            pods.Remove(extra);
        }
        var count = pods.Count;
        var status = new JsonObject
        {
            ["replicas"] = count,
            ["fullyLabeledReplicas"] = count,
            ["readyReplicas"] = count,
            ["availableReplicas"] = count,
            ["observedGeneration"] = Meta.Long(replicaSet["metadata"]?["generation"]),
        };
        if (!JsonNode.DeepEquals(status, replicaSet["status"]))
        {
            replicaSet["status"] = status;
            store.Update(ResourceCatalog.ReplicaSets, replicaSet, statusOnly: true);
        }
    }

    private void UpdateDeploymentStatus(JsonObject deployment)
    {
        var ns = Meta.Namespace(deployment);
        var hash = TemplateHash(deployment["spec"]?["template"] as JsonObject ?? new JsonObject());
        var owned = OwnedBy(ResourceCatalog.ReplicaSets, ns, deployment);
        var total = owned.Sum(rs => Meta.Long(rs["status"]?["replicas"]));
        var updated = owned.Where(rs => Meta.Name(rs) == $"{Meta.Name(deployment)}-{hash}").Sum(rs => Meta.Long(rs["status"]?["replicas"]));
        var wanted = Meta.Long(deployment["spec"]?["replicas"]);
        var previous = deployment["status"]?["conditions"] as JsonArray;
        var since = previous?.FirstOrDefault()?["lastTransitionTime"]?.DeepClone() ?? Meta.Text(deployment, "metadata", "creationTimestamp");
        var status = new JsonObject
        {
            ["observedGeneration"] = Meta.Long(deployment["metadata"]?["generation"]),
            ["replicas"] = total,
            ["updatedReplicas"] = updated,
            ["readyReplicas"] = total,
            ["availableReplicas"] = total,
            ["conditions"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "Available",
                    ["status"] = total >= wanted ? "True" : "False",
                    ["lastUpdateTime"] = since.DeepClone(),
                    ["lastTransitionTime"] = since.DeepClone(),
                    ["reason"] = "MinimumReplicasAvailable",
                    ["message"] = "Deployment has minimum availability.",
                },
                new JsonObject
                {
                    ["type"] = "Progressing",
                    ["status"] = "True",
                    ["lastUpdateTime"] = since.DeepClone(),
                    ["lastTransitionTime"] = since.DeepClone(),
                    ["reason"] = "NewReplicaSetAvailable",
                    ["message"] = $"ReplicaSet \"{Meta.Name(deployment)}-{hash}\" has successfully progressed.",
                }),
        };
        if (total == 0) status.Remove("readyReplicas");
        if (!JsonNode.DeepEquals(status, deployment["status"]))
        {
            deployment["status"] = status;
            store.Update(ResourceCatalog.Deployments, deployment, statusOnly: true);
        }
    }

    private List<JsonObject> OwnedBy(ResourceType type, string ns, JsonObject owner)
    {
        var uid = Meta.Uid(owner);
        return store.List(type, ns).Items.Where(o => Meta.OwnerUids(o).Contains(uid)).ToList();
    }

    private static JsonObject OwnerReference(JsonObject owner) => new()
    {
        ["apiVersion"] = Meta.Text(owner, "apiVersion"),
        ["kind"] = Meta.Text(owner, "kind"),
        ["name"] = Meta.Name(owner),
        ["uid"] = Meta.Uid(owner),
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };

    /// <summary>A short, stable, DNS-safe hash of the pod template, like pod-template-hash.</summary>
    internal static string TemplateHash(JsonObject template)
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(template)));
        var value = BitConverter.ToUInt64(digest, 0);
        var text = new StringBuilder();
        for (var i = 0; i < 10; i++)
        {
            text.Append(alphabet[(int)(value % (ulong)alphabet.Length)]);
            value /= (ulong)alphabet.Length;
        }
        return text.ToString();
    }

    /// <summary>JSON with object keys sorted, so equal templates hash equally whatever their key order.</summary>
    private static string Canonical(JsonNode? node) => node switch
    {
        JsonObject o => "{" + string.Join(',', o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{System.Text.Json.JsonSerializer.Serialize(p.Key)}:{Canonical(p.Value)}")) + "}",
        JsonArray a => "[" + string.Join(',', a.Select(Canonical)) + "]",
        null => "null",
        _ => node.ToJsonString(),
    };

    [LoggerMessage(EventId = 31, Level = LogLevel.Error, Message = "reconcile of namespace {Namespace} failed")]
    private static partial void LogReconcileFailed(ILogger logger, string @namespace, Exception exception);

    [LoggerMessage(EventId = 30, Level = LogLevel.Debug, Message = "reconcile of namespace {Namespace} will be retried: {Reason}")]
    private static partial void LogReconcileRetry(ILogger logger, string @namespace, string reason);
}
