using System.Text.Json.Nodes;

namespace Paralus.Sandbox.Rbac;

/// <summary>
/// The cluster roles and bindings a fresh apiserver creates (a subset): cluster-admin for
/// system:masters, discovery and self-review for every authenticated user, and the user-facing
/// admin/edit/view roles, written out flat instead of aggregated.
/// </summary>
internal static class BootstrapPolicy
{
    private static readonly string[] ReadVerbs = ["get", "list", "watch"];
    private static readonly string[] WriteVerbs = ["create", "delete", "deletecollection", "patch", "update"];
    private static readonly string[] Workloads = ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "pods/log", "pods/status", "services", "configmaps", "secrets", "serviceaccounts", "events", "persistentvolumeclaims", "replicationcontrollers", "endpoints"];
    private static readonly string[] ViewableCore = ["pods", "pods/log", "pods/status", "services", "configmaps", "serviceaccounts", "events", "persistentvolumeclaims", "replicationcontrollers", "endpoints", "namespaces", "namespaces/status", "resourcequotas", "limitranges"];
    private static readonly string[] Apps = ["deployments", "deployments/scale", "deployments/status", "replicasets", "replicasets/scale", "replicasets/status", "statefulsets", "daemonsets"];

    public static IEnumerable<JsonObject> ClusterRoles()
    {
        yield return Role("cluster-admin",
            new PolicyRule(["*"], ["*"], ["*"], [], []),
            new PolicyRule(["*"], [], [], [], ["*"]));
        yield return Role("admin",
            new PolicyRule([.. ReadVerbs, .. WriteVerbs], [""], Workloads, [], []),
            new PolicyRule([.. ReadVerbs, .. WriteVerbs], ["apps"], Apps, [], []),
            new PolicyRule([.. ReadVerbs, .. WriteVerbs], ["rbac.authorization.k8s.io"], ["roles", "rolebindings"], [], []),
            new PolicyRule(["create"], ["authorization.k8s.io"], ["localsubjectaccessreviews"], [], []),
            new PolicyRule(["create"], [""], ["serviceaccounts/token"], [], []),
            new PolicyRule(["impersonate"], [""], ["serviceaccounts"], [], []),
            new PolicyRule(ReadVerbs, [""], ["namespaces", "namespaces/status", "resourcequotas", "limitranges"], [], []));
        yield return Role("edit",
            new PolicyRule([.. ReadVerbs, .. WriteVerbs], [""], Workloads, [], []),
            new PolicyRule([.. ReadVerbs, .. WriteVerbs], ["apps"], Apps, [], []),
            new PolicyRule(["create"], [""], ["serviceaccounts/token"], [], []),
            new PolicyRule(["impersonate"], [""], ["serviceaccounts"], [], []),
            new PolicyRule(ReadVerbs, [""], ["namespaces", "namespaces/status", "resourcequotas", "limitranges"], [], []));
        yield return Role("view",
            new PolicyRule(ReadVerbs, [""], ViewableCore, [], []),
            new PolicyRule(ReadVerbs, ["apps"], Apps, [], []));
        yield return Role("system:discovery",
            new PolicyRule(["get"], [], [], [], ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"]));
        yield return Role("system:public-info-viewer",
            new PolicyRule(["get"], [], [], [], ["/healthz", "/livez", "/readyz", "/version", "/version/"]));
        yield return Role("system:basic-user",
            new PolicyRule(["create"], ["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"], [], []),
            new PolicyRule(["create"], ["authentication.k8s.io"], ["selfsubjectreviews"], [], []));
    }

    public static IEnumerable<JsonObject> ClusterRoleBindings()
    {
        yield return Binding("cluster-admin", "cluster-admin", "system:masters");
        yield return Binding("system:discovery", "system:discovery", "system:authenticated");
        yield return Binding("system:basic-user", "system:basic-user", "system:authenticated");
        yield return Binding("system:public-info-viewer", "system:public-info-viewer", "system:authenticated", "system:unauthenticated");
    }

    private static JsonObject Role(string name, params PolicyRule[] rules) => new()
    {
        ["apiVersion"] = "rbac.authorization.k8s.io/v1",
        ["kind"] = "ClusterRole",
        ["metadata"] = BootstrapMetadata(name),
        ["rules"] = new JsonArray(rules.Select(r => (JsonNode?)r.ToJson()).ToArray()),
    };

    private static JsonObject Binding(string name, string role, params string[] groups) => new()
    {
        ["apiVersion"] = "rbac.authorization.k8s.io/v1",
        ["kind"] = "ClusterRoleBinding",
        ["metadata"] = BootstrapMetadata(name),
        ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = role },
        ["subjects"] = new JsonArray(groups.Select(g => (JsonNode?)new JsonObject
        {
            ["apiGroup"] = "rbac.authorization.k8s.io",
            ["kind"] = "Group",
            ["name"] = g,
        }).ToArray()),
    };

    private static JsonObject BootstrapMetadata(string name) => new()
    {
        ["name"] = name,
        ["labels"] = new JsonObject { ["kubernetes.io/bootstrapping"] = "rbac-defaults" },
        ["annotations"] = new JsonObject { ["rbac.authorization.kubernetes.io/autoupdate"] = "true" },
    };
}
