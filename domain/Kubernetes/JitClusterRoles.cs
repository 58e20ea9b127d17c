namespace Paralus.Domain.Kubernetes;

/// <summary>
/// The four ClusterRoles JIT bindings point at. The relay's <see cref="KubernetesRequestAuthorizer"/> is the
/// first check; these are the cluster's own second one.
/// </summary>
public static class JitClusterRoles
{
    public const string ReadName = "paralus-read";
    public const string FullName = "paralus-full";
    public const string NamespaceReadName = "paralus-namespace-read";
    public const string NamespaceFullName = "paralus-namespace-full";

    private static readonly string[] ReadVerbs = ["get", "list", "watch"];

    // Read-only access must not reveal credentials: secrets hold tokens and keys, and reading one can be worth
    // more than write access. RBAC cannot subtract, so the core group is listed resource by resource, without
    // secrets, serviceaccounts/token and the exec/attach/portforward/proxy subresources (exec and port-forward
    // open with a GET). The "*" group would include the core group, so other groups are the built-in ones by
    // name: custom resources are readable only with write access.
    private static readonly IReadOnlyList<JitPolicyRule> ReadRules =
    [
        new([""],
        [
            "componentstatuses", "configmaps", "endpoints", "events", "limitranges", "namespaces", "namespaces/status",
            "nodes", "nodes/status", "persistentvolumeclaims", "persistentvolumeclaims/status", "persistentvolumes",
            "persistentvolumes/status", "pods", "pods/ephemeralcontainers", "pods/log", "pods/resize", "pods/status",
            "podtemplates", "replicationcontrollers", "replicationcontrollers/scale", "replicationcontrollers/status",
            "resourcequotas", "resourcequotas/status", "serviceaccounts", "services", "services/status",
        ], ReadVerbs),
        new([
            "admissionregistration.k8s.io", "apiextensions.k8s.io", "apiregistration.k8s.io", "apps", "autoscaling", "batch",
            "certificates.k8s.io", "coordination.k8s.io", "discovery.k8s.io", "events.k8s.io", "flowcontrol.apiserver.k8s.io",
            "internal.apiserver.k8s.io", "metrics.k8s.io", "networking.k8s.io", "node.k8s.io", "policy",
            "rbac.authorization.k8s.io", "resource.k8s.io", "scheduling.k8s.io", "storage.k8s.io", "storagemigration.k8s.io",
        ], ["*"], ReadVerbs),
    ];

    private static readonly IReadOnlyList<JitPolicyRule> FullRules = [new(["*"], ["*"], ["*"])];

    /// <summary>Cluster-wide read, bound with a ClusterRoleBinding.</summary>
    public static JitClusterRole Read { get; } = new(ReadName, ReadRules);

    /// <summary>Cluster-wide write, bound with a ClusterRoleBinding.</summary>
    public static JitClusterRole Full { get; } = new(FullName, FullRules);

    /// <summary>
    /// Namespace read: the same rules, bound with RoleBindings, so only namespaced resources of that namespace
    /// (and the namespace object itself) are reached.
    /// </summary>
    public static JitClusterRole NamespaceRead { get; } = new(NamespaceReadName, ReadRules);

    /// <summary>Namespace write: everything, bound with RoleBindings so it stays inside each namespace.</summary>
    public static JitClusterRole NamespaceFull { get; } = new(NamespaceFullName, FullRules);

    public static IReadOnlyList<JitClusterRole> All { get; } = [Read, Full, NamespaceRead, NamespaceFull];
}
