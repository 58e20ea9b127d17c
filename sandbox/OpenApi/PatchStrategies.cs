namespace Paralus.Sandbox.OpenApi;

/// <summary>
/// The strategic-merge annotations of the built-in types (Go struct tags upstream, absent from
/// the C# models): kubectl's client-side apply reads them from the OpenAPI document to merge
/// lists such as containers by name instead of replacing them.
/// </summary>
internal static class PatchStrategies
{
    private static readonly Dictionary<string, (string? MergeKey, string Strategy)> ByField = new(StringComparer.Ordinal)
    {
        ["V1ObjectMeta.finalizers"] = (null, "merge"),
        ["V1ObjectMeta.ownerReferences"] = ("uid", "merge"),
        ["V1PodSpec.containers"] = ("name", "merge"),
        ["V1PodSpec.initContainers"] = ("name", "merge"),
        ["V1PodSpec.ephemeralContainers"] = ("name", "merge"),
        ["V1PodSpec.volumes"] = ("name", "merge,retainKeys"),
        ["V1PodSpec.imagePullSecrets"] = ("name", "merge"),
        ["V1PodSpec.hostAliases"] = ("ip", "merge"),
        ["V1PodSpec.topologySpreadConstraints"] = ("topologyKey", "merge"),
        ["V1Container.env"] = ("name", "merge"),
        ["V1Container.ports"] = ("containerPort", "merge"),
        ["V1Container.volumeMounts"] = ("mountPath", "merge"),
        ["V1Container.volumeDevices"] = ("devicePath", "merge"),
        ["V1EphemeralContainer.env"] = ("name", "merge"),
        ["V1EphemeralContainer.volumeMounts"] = ("mountPath", "merge"),
        ["V1ServiceSpec.ports"] = ("port", "merge"),
        ["V1ServiceAccount.secrets"] = ("name", "merge"),
        ["V1DeploymentStatus.conditions"] = ("type", "merge"),
        ["V1ReplicaSetStatus.conditions"] = ("type", "merge"),
        ["V1PodStatus.conditions"] = ("type", "merge"),
        ["V1NodeStatus.conditions"] = ("type", "merge"),
        ["V1NodeStatus.addresses"] = ("type", "merge"),
        ["V1NamespaceStatus.conditions"] = ("type", "merge"),
    };

    public static (string? MergeKey, string Strategy)? Of(Type model, string jsonName) =>
        ByField.TryGetValue($"{model.Name}.{jsonName}", out var found) ? found : null;
}
