using System.Text.Json.Nodes;
using Paralus.Sandbox.Api;
using Paralus.Sandbox.Discovery;
using Paralus.Sandbox.Rbac;
using Paralus.Sandbox.Storage;

namespace Paralus.Sandbox.Hosting;

/// <summary>
/// What a new cluster has: the four system namespaces (each with its default service account),
/// two Ready nodes, the <c>kubernetes</c> service and the bootstrap RBAC policy. Only missing
/// objects are created, so a loaded state keeps its UIDs (kube-system's is the cluster's
/// fingerprint).
/// </summary>
internal static class Bootstrap
{
    private static readonly string[] SystemNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    public static void Ensure(ResourceStore store, Admission admission)
    {
        foreach (var ns in SystemNamespaces)
        {
            EnsureObject(store, admission, ResourceCatalog.Namespaces, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } });
            EnsureObject(store, admission, ResourceCatalog.ServiceAccounts, new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = "default", ["namespace"] = ns },
            });
        }
        for (var i = 0; i < Admission.NodeNames.Length; i++) EnsureObject(store, admission, ResourceCatalog.Nodes, Node(Admission.NodeNames[i], i));
        EnsureObject(store, admission, ResourceCatalog.Services, new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = "kubernetes",
                ["namespace"] = "default",
                ["labels"] = new JsonObject { ["component"] = "apiserver", ["provider"] = "kubernetes" },
            },
            ["spec"] = new JsonObject
            {
                ["clusterIP"] = "10.96.0.1",
                ["clusterIPs"] = new JsonArray("10.96.0.1"),
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = 443, ["protocol"] = "TCP", ["targetPort"] = 6443 }),
            },
        });
        foreach (var role in BootstrapPolicy.ClusterRoles()) EnsureObject(store, admission, ResourceCatalog.ClusterRoles, role);
        foreach (var binding in BootstrapPolicy.ClusterRoleBindings()) EnsureObject(store, admission, ResourceCatalog.ClusterRoleBindings, binding);
    }

    private static void EnsureObject(ResourceStore store, Admission admission, ResourceType type, JsonObject obj)
    {
        if (store.Get(type, Meta.Namespace(obj), Meta.Name(obj)) is not null) return;
        admission.PrepareCreate(type, obj);
        store.Create(type, obj);
    }

    private static JsonObject Node(string name, int index)
    {
        var ip = $"172.18.0.{index + 2}";
        var labels = new JsonObject
        {
            ["kubernetes.io/hostname"] = name,
            ["kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = "amd64",
            ["beta.kubernetes.io/os"] = "linux",
            ["beta.kubernetes.io/arch"] = "amd64",
        };
        if (index == 0) labels["node-role.kubernetes.io/control-plane"] = "";
        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels },
            ["spec"] = new JsonObject { ["podCIDR"] = $"10.244.{index}.0/24", ["podCIDRs"] = new JsonArray($"10.244.{index}.0/24") },
            ["status"] = new JsonObject
            {
                ["capacity"] = new JsonObject { ["cpu"] = "4", ["memory"] = "16Gi", ["pods"] = "110" },
                ["allocatable"] = new JsonObject { ["cpu"] = "4", ["memory"] = "16Gi", ["pods"] = "110" },
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "Ready",
                    ["status"] = "True",
                    ["reason"] = "KubeletReady",
                    ["message"] = "kubelet is posting ready status",
                }),
                ["addresses"] = new JsonArray(
                    new JsonObject { ["type"] = "InternalIP", ["address"] = ip },
                    new JsonObject { ["type"] = "Hostname", ["address"] = name }),
                ["nodeInfo"] = new JsonObject
                {
                    ["kubeletVersion"] = DiscoveryApi.KubernetesVersion,
                    ["kubeProxyVersion"] = DiscoveryApi.KubernetesVersion,
                    ["containerRuntimeVersion"] = "sandbox://1.0",
                    ["operatingSystem"] = "linux",
                    ["architecture"] = "amd64",
                    ["osImage"] = "Paralus Sandbox",
                    ["kernelVersion"] = "6.1.0",
                },
            },
        };
    }
}
