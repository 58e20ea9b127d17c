using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Paralus.Sandbox.Discovery;
using Paralus.Sandbox.Storage;

namespace Paralus.Sandbox.Api;

/// <summary>
/// Validation and defaulting before an object is stored: what the apiserver's registry
/// strategies, the scheduler and the kubelet would have filled in, so that a pod is scheduled
/// and Running the moment it is created.
/// </summary>
internal sealed partial class Admission(TimeProvider time)
{
    public static readonly string[] NodeNames = ["sandbox-node-1", "sandbox-node-2"];

    private int _podCounter;
    private int _serviceCounter;

    public void PrepareCreate(ResourceType type, JsonObject obj)
    {
        ValidateName(type, obj);
        switch (type.Kind)
        {
            case "Pod":
                DefaultPod(obj);
                break;
            case "Namespace":
                var name = Meta.Name(obj);
                var labels = Labels(obj);
                labels["kubernetes.io/metadata.name"] = name;
                obj["spec"] ??= new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
                obj["status"] = new JsonObject { ["phase"] = "Active" };
                break;
            case "Service":
                DefaultService(obj);
                break;
            case "Deployment":
                DefaultDeployment(obj);
                break;
        }
        PrepareUpdate(type, obj);
        if (type == ResourceCatalog.CustomResourceDefinitions) CustomResourceDefinitionStatus.Establish(obj, ResourceStore.Timestamp(time.GetUtcNow()));
    }

    public static void PrepareUpdate(ResourceType type, JsonObject obj)
    {
        if (type.Kind == "Secret") obj["type"] ??= "Opaque";
        if (type.Kind == "Secret" && obj["stringData"] is JsonObject stringData)
        {
            var data = obj["data"] as JsonObject ?? new JsonObject();
            foreach (var (key, value) in stringData)
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value?.ToString() ?? ""));
            obj["data"] = data;
            obj.Remove("stringData");
        }
        if (type.Kind == "Deployment") ValidateDeployment(obj);
        if (type == ResourceCatalog.CustomResourceDefinitions) CustomResourceDefinitionStatus.Validate(obj);
    }

    private static void ValidateName(ResourceType type, JsonObject obj)
    {
        var name = Meta.Name(obj);
        if (name.Length == 0) return;
        var pattern = type.Kind is "Namespace" or "Service" ? DnsLabel() : DnsSubdomain();
        if (type.Group == "rbac.authorization.k8s.io") return;
        if (name.Length > 253 || !pattern.IsMatch(name))
        {
            throw StatusException.Invalid(type.Kind, type.Group, name, "metadata.name",
                $"Invalid value: \"{name}\": a lowercase RFC 1123 {(pattern == DnsLabel() ? "label" : "subdomain")} must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character");
        }
    }

    private void DefaultPod(JsonObject pod)
    {
        var spec = pod["spec"] as JsonObject;
        var containers = spec?["containers"] as JsonArray;
        if (spec is null || containers is null || containers.Count == 0)
            throw StatusException.Invalid("Pod", "", Meta.Name(pod), "spec.containers", "Required value");
        foreach (var container in containers.OfType<JsonObject>())
        {
            if (Meta.Text(container, "image").Length == 0)
                throw StatusException.Invalid("Pod", "", Meta.Name(pod), "spec.containers[0].image", "Required value");
            DefaultContainer(container);
        }
        var n = Interlocked.Increment(ref _podCounter);
        var nodeIndex = n % NodeNames.Length;
        spec["nodeName"] ??= NodeNames[nodeIndex];
        spec["restartPolicy"] ??= "Always";
        spec["dnsPolicy"] ??= "ClusterFirst";
        spec["schedulerName"] ??= "default-scheduler";
        spec["serviceAccountName"] ??= "default";
        spec["terminationGracePeriodSeconds"] ??= 30;
        spec["securityContext"] ??= new JsonObject();
        spec["enableServiceLinks"] ??= true;

        var now = ResourceStore.Timestamp(time.GetUtcNow());
        var podIp = $"10.244.{nodeIndex}.{n % 250 + 2}";
        pod["status"] = new JsonObject
        {
            ["phase"] = "Running",
            ["conditions"] = new JsonArray(
                Condition("PodReadyToStartContainers", now), Condition("Initialized", now), Condition("Ready", now),
                Condition("ContainersReady", now), Condition("PodScheduled", now)),
            ["hostIP"] = $"172.18.0.{nodeIndex + 2}",
            ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = $"172.18.0.{nodeIndex + 2}" }),
            ["podIP"] = podIp,
            ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIp }),
            ["startTime"] = now,
            ["qosClass"] = "BestEffort",
            ["containerStatuses"] = new JsonArray(containers.OfType<JsonObject>().Select(c => (JsonNode?)RunningStatus(c, now, ready: true)).ToArray()),
        };
    }

    /// <summary>What the apiserver defaults in every container, ephemeral ones included.</summary>
    public static void DefaultContainer(JsonObject container)
    {
        container["imagePullPolicy"] ??= "Always";
        container["terminationMessagePath"] ??= "/dev/termination-log";
        container["terminationMessagePolicy"] ??= "File";
        container["resources"] ??= new JsonObject();
    }

    /// <summary>The status the kubelet reports for a container it has started (ephemeral ones are never ready).</summary>
    public static JsonObject RunningStatus(JsonObject container, string startedAt, bool ready) => new()
    {
        ["name"] = Meta.Text(container, "name"),
        ["image"] = Meta.Text(container, "image"),
        ["imageID"] = $"sandbox://{Meta.Text(container, "image")}",
        ["containerID"] = $"sandbox://{Guid.NewGuid():N}",
        ["ready"] = ready,
        ["started"] = true,
        ["restartCount"] = 0,
        ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = startedAt } },
    };

    private void DefaultService(JsonObject service)
    {
        var spec = service["spec"] as JsonObject ?? new JsonObject();
        service["spec"] = spec;
        spec["type"] ??= "ClusterIP";
        var n = Interlocked.Increment(ref _serviceCounter);
        if (Meta.Text(spec, "clusterIP").Length == 0)
        {
            var ip = $"10.96.{n / 250}.{n % 250 + 10}";
            spec["clusterIP"] = ip;
            spec["clusterIPs"] = new JsonArray(ip);
        }
        spec["sessionAffinity"] ??= "None";
        foreach (var port in (spec["ports"] as JsonArray ?? []).OfType<JsonObject>())
        {
            port["protocol"] ??= "TCP";
            port["targetPort"] ??= port["port"]?.DeepClone();
        }
        service["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
    }

    private static void DefaultDeployment(JsonObject deployment)
    {
        var spec = deployment["spec"] as JsonObject ?? throw StatusException.Invalid("Deployment", "apps", Meta.Name(deployment), "spec", "Required value");
        spec["replicas"] ??= 1;
        spec["revisionHistoryLimit"] ??= 10;
        spec["progressDeadlineSeconds"] ??= 600;
        spec["strategy"] ??= new JsonObject
        {
            ["type"] = "RollingUpdate",
            ["rollingUpdate"] = new JsonObject { ["maxSurge"] = "25%", ["maxUnavailable"] = "25%" },
        };
        deployment["status"] = new JsonObject();
    }

    private static void ValidateDeployment(JsonObject deployment)
    {
        var name = Meta.Name(deployment);
        var selector = deployment["spec"]?["selector"]?["matchLabels"] as JsonObject;
        if (selector is null || selector.Count == 0)
            throw StatusException.Invalid("Deployment", "apps", name, "spec.selector", "Required value");
        var labels = deployment["spec"]?["template"]?["metadata"]?["labels"] as JsonObject;
        if (labels is null || selector.Any(kv => labels[kv.Key]?.ToString() != kv.Value?.ToString()))
            throw StatusException.Invalid("Deployment", "apps", name, "spec.template.metadata.labels", "Invalid value: `selector` does not match template `labels`");
    }

    private static JsonObject Labels(JsonObject obj)
    {
        var metadata = Meta.Of(obj);
        if (metadata["labels"] is JsonObject labels) return labels;
        labels = new JsonObject();
        metadata["labels"] = labels;
        return labels;
    }

    private static JsonObject Condition(string type, string now) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastProbeTime"] = null,
        ["lastTransitionTime"] = now,
    };

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();
}
