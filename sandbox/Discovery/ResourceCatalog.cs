namespace Paralus.Sandbox.Discovery;

/// <summary>
/// Every built-in resource, with the discovery facts kubectl relies on; <see cref="ServedResources"/>
/// adds the custom ones of a running sandbox.
/// </summary>
internal static class ResourceCatalog
{
    private static readonly string[] Crud = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
    private static readonly string[] CreateOnly = ["create"];
    private static readonly string[] None = [];
    private static readonly string[] All = ["all"];

    public static readonly ResourceType Namespaces = new("", "v1", "Namespace", "namespaces", false, ["ns"], ["create", "delete", "get", "list", "patch", "update", "watch"], None, ["status", "finalize"]);
    public static readonly ResourceType Pods = new("", "v1", "Pod", "pods", true, ["po"], Crud, All, ["attach", "ephemeralcontainers", "exec", "log", "portforward", "status"]);
    public static readonly ResourceType Services = new("", "v1", "Service", "services", true, ["svc"], Crud, All, ["status"]);
    public static readonly ResourceType ConfigMaps = new("", "v1", "ConfigMap", "configmaps", true, ["cm"], Crud, None, []);
    public static readonly ResourceType Secrets = new("", "v1", "Secret", "secrets", true, [], Crud, None, []);
    public static readonly ResourceType ServiceAccounts = new("", "v1", "ServiceAccount", "serviceaccounts", true, ["sa"], Crud, None, ["token"]);
    public static readonly ResourceType Events = new("", "v1", "Event", "events", true, ["ev"], Crud, None, []);
    public static readonly ResourceType Nodes = new("", "v1", "Node", "nodes", false, ["no"], Crud, None, ["status"]);
    public static readonly ResourceType Deployments = new("apps", "v1", "Deployment", "deployments", true, ["deploy"], Crud, All, ["scale", "status"]);
    public static readonly ResourceType ReplicaSets = new("apps", "v1", "ReplicaSet", "replicasets", true, ["rs"], Crud, All, ["scale", "status"]);
    public static readonly ResourceType Roles = new("rbac.authorization.k8s.io", "v1", "Role", "roles", true, [], Crud, None, []);
    public static readonly ResourceType RoleBindings = new("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true, [], Crud, None, []);
    public static readonly ResourceType ClusterRoles = new("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false, [], Crud, None, []);
    public static readonly ResourceType ClusterRoleBindings = new("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false, [], Crud, None, []);
    public static readonly ResourceType CustomResourceDefinitions = new("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false, ["crd", "crds"], Crud, ["api-extensions"], ["status"]);
    public static readonly ResourceType TokenReviews = new("authentication.k8s.io", "v1", "TokenReview", "tokenreviews", false, [], CreateOnly, None, []);
    public static readonly ResourceType SelfSubjectReviews = new("authentication.k8s.io", "v1", "SelfSubjectReview", "selfsubjectreviews", false, [], CreateOnly, None, []);
    public static readonly ResourceType SelfSubjectAccessReviews = new("authorization.k8s.io", "v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews", false, [], CreateOnly, None, []);
    public static readonly ResourceType SubjectAccessReviews = new("authorization.k8s.io", "v1", "SubjectAccessReview", "subjectaccessreviews", false, [], CreateOnly, None, []);
    public static readonly ResourceType LocalSubjectAccessReviews = new("authorization.k8s.io", "v1", "LocalSubjectAccessReview", "localsubjectaccessreviews", true, [], CreateOnly, None, []);
    public static readonly ResourceType SelfSubjectRulesReviews = new("authorization.k8s.io", "v1", "SelfSubjectRulesReview", "selfsubjectrulesreviews", false, [], CreateOnly, None, []);

    public static readonly IReadOnlyList<ResourceType> Types =
    [
        Namespaces, Pods, Services, ConfigMaps, Secrets, ServiceAccounts, Events, Nodes,
        Deployments, ReplicaSets,
        Roles, RoleBindings, ClusterRoles, ClusterRoleBindings,
        CustomResourceDefinitions,
        TokenReviews, SelfSubjectReviews,
        SelfSubjectAccessReviews, SubjectAccessReviews, LocalSubjectAccessReviews, SelfSubjectRulesReviews,
    ];

    /// <summary>Group versions in the order discovery lists them (core first).</summary>
    public static IEnumerable<string> Groups => Types.Select(t => t.Group).Where(g => g.Length > 0).Distinct();

    public static IEnumerable<ResourceType> InGroupVersion(string group, string version) =>
        Types.Where(t => t.Group == group && t.Version == version);

    public static ResourceType? Find(string group, string version, string plural) =>
        Types.FirstOrDefault(t => t.Group == group && t.Version == version && t.Plural == plural);

    public static ResourceType? FindByKey(string key) => Types.FirstOrDefault(t => t.Key == key);
}
