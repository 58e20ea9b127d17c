using System.Text.Json.Nodes;
using Paralus.Sandbox.Auth;
using Paralus.Sandbox.Discovery;
using Paralus.Sandbox.Rbac;
using Paralus.Sandbox.Storage;

namespace Paralus.Sandbox.Tests.Rbac;

/// <summary>
/// The examples of the Kubernetes "Using RBAC Authorization" page, as a table of requests and
/// expected answers: pod-reader, secret-reader via RoleBinding and ClusterRoleBinding,
/// pods/log subresources, resourceNames, nonResourceURLs and the service-account groups.
/// </summary>
public sealed class RbacAuthorizerTests
{
    private static readonly UserInfo Jane = new("jane", "", ["system:authenticated"]);
    private static readonly UserInfo Dave = new("dave", "", ["system:authenticated"]);
    private static readonly UserInfo Manager = new("mia", "", ["manager", "system:authenticated"]);
    private static readonly UserInfo Nobody = new("nobody", "", ["system:authenticated"]);
    private static readonly UserInfo QaBot = UserInfo.ServiceAccount("qa", "bot", "u1");
    private static readonly UserInfo KubeSystemDefault = UserInfo.ServiceAccount("kube-system", "default", "u2");
    private static readonly UserInfo Anonymous = UserInfo.Anonymous;

    private readonly RbacAuthorizer _authorizer;

    public RbacAuthorizerTests()
    {
        var store = new ResourceStore(TimeProvider.System);
        foreach (var ns in new[] { "default", "development", "qa", "kube-system" })
            store.Create(ResourceCatalog.Namespaces, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } });
        foreach (var role in BootstrapPolicy.ClusterRoles()) store.Create(ResourceCatalog.ClusterRoles, role);
        foreach (var binding in BootstrapPolicy.ClusterRoleBindings()) store.Create(ResourceCatalog.ClusterRoleBindings, binding);

        store.Create(ResourceCatalog.Roles, Obj("""
            {"metadata":{"name":"pod-reader","namespace":"default"},
             "rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["get","watch","list"]}]}
            """));
        store.Create(ResourceCatalog.ClusterRoles, Obj("""
            {"metadata":{"name":"secret-reader"},
             "rules":[{"apiGroups":[""],"resources":["secrets"],"verbs":["get","watch","list"]}]}
            """));
        store.Create(ResourceCatalog.RoleBindings, Obj("""
            {"metadata":{"name":"read-pods","namespace":"default"},
             "subjects":[{"kind":"User","name":"jane","apiGroup":"rbac.authorization.k8s.io"}],
             "roleRef":{"kind":"Role","name":"pod-reader","apiGroup":"rbac.authorization.k8s.io"}}
            """));
        store.Create(ResourceCatalog.RoleBindings, Obj("""
            {"metadata":{"name":"read-secrets","namespace":"development"},
             "subjects":[{"kind":"User","name":"dave","apiGroup":"rbac.authorization.k8s.io"}],
             "roleRef":{"kind":"ClusterRole","name":"secret-reader","apiGroup":"rbac.authorization.k8s.io"}}
            """));
        store.Create(ResourceCatalog.ClusterRoleBindings, Obj("""
            {"metadata":{"name":"read-secrets-global"},
             "subjects":[{"kind":"Group","name":"manager","apiGroup":"rbac.authorization.k8s.io"}],
             "roleRef":{"kind":"ClusterRole","name":"secret-reader","apiGroup":"rbac.authorization.k8s.io"}}
            """));
        store.Create(ResourceCatalog.Roles, Obj("""
            {"metadata":{"name":"pod-and-pod-logs-reader","namespace":"qa"},
             "rules":[{"apiGroups":[""],"resources":["pods","pods/log"],"verbs":["get","list"]}]}
            """));
        store.Create(ResourceCatalog.Roles, Obj("""
            {"metadata":{"name":"configmap-updater","namespace":"qa"},
             "rules":[{"apiGroups":[""],"resources":["configmaps"],"resourceNames":["my-configmap"],"verbs":["update","get"]}]}
            """));
        store.Create(ResourceCatalog.RoleBindings, Obj("""
            {"metadata":{"name":"qa-readers","namespace":"qa"},
             "subjects":[{"kind":"Group","name":"system:serviceaccounts:qa","apiGroup":"rbac.authorization.k8s.io"}],
             "roleRef":{"kind":"Role","name":"pod-and-pod-logs-reader","apiGroup":"rbac.authorization.k8s.io"}}
            """));
        store.Create(ResourceCatalog.RoleBindings, Obj("""
            {"metadata":{"name":"qa-configmap","namespace":"qa"},
             "subjects":[{"kind":"ServiceAccount","name":"bot"}],
             "roleRef":{"kind":"Role","name":"configmap-updater","apiGroup":"rbac.authorization.k8s.io"}}
            """));
        store.Create(ResourceCatalog.ClusterRoles, Obj("""
            {"metadata":{"name":"healthz-poster"},
             "rules":[{"nonResourceURLs":["/healthz","/healthz/*"],"verbs":["get","post"]},
                      {"apiGroups":["apps"],"resources":["*/scale"],"verbs":["update"]}]}
            """));
        store.Create(ResourceCatalog.ClusterRoleBindings, Obj("""
            {"metadata":{"name":"kube-system-default"},
             "subjects":[{"kind":"ServiceAccount","name":"default","namespace":"kube-system"}],
             "roleRef":{"kind":"ClusterRole","name":"healthz-poster","apiGroup":"rbac.authorization.k8s.io"}}
            """));
        store.Create(ResourceCatalog.ClusterRoles, Obj("""
            {"metadata":{"name":"monitoring"},
             "aggregationRule":{"clusterRoleSelectors":[{"matchLabels":{"rbac.example.com/aggregate-to-monitoring":"true"}}]},
             "rules":[]}
            """));
        store.Create(ResourceCatalog.ClusterRoles, Obj("""
            {"metadata":{"name":"monitoring-endpoints","labels":{"rbac.example.com/aggregate-to-monitoring":"true"}},
             "rules":[{"apiGroups":[""],"resources":["services","endpointslices","pods"],"verbs":["get","list","watch"]}]}
            """));
        store.Create(ResourceCatalog.ClusterRoleBindings, Obj("""
            {"metadata":{"name":"monitoring"},
             "subjects":[{"kind":"User","name":"monitor","apiGroup":"rbac.authorization.k8s.io"}],
             "roleRef":{"kind":"ClusterRole","name":"monitoring","apiGroup":"rbac.authorization.k8s.io"}}
            """));
        _authorizer = new RbacAuthorizer(store);
    }

    public static TheoryData<string, string, string, string, string, string, string, bool> ResourceCases => new()
    {
        // user, verb, group, resource, subresource, namespace, name, allowed
        { "jane", "get", "", "pods", "", "default", "web", true },
        { "jane", "list", "", "pods", "", "default", "", true },
        { "jane", "watch", "", "pods", "", "default", "", true },
        { "jane", "delete", "", "pods", "", "default", "web", false },
        { "jane", "list", "", "pods", "", "development", "", false },
        { "jane", "get", "", "pods", "log", "default", "web", false },
        { "jane", "list", "", "secrets", "", "default", "", false },
        { "jane", "list", "apps", "pods", "", "default", "", false },
        { "dave", "get", "", "secrets", "", "development", "db", true },
        { "dave", "get", "", "secrets", "", "default", "db", false },
        { "dave", "list", "", "secrets", "", "", "", false },
        { "mia", "list", "", "secrets", "", "", "", true },
        { "mia", "get", "", "secrets", "", "qa", "db", true },
        { "mia", "delete", "", "secrets", "", "qa", "db", false },
        { "qa-bot", "get", "", "pods", "log", "qa", "p", true },
        { "qa-bot", "list", "", "pods", "", "qa", "", true },
        { "qa-bot", "create", "", "pods", "exec", "qa", "p", false },
        { "qa-bot", "get", "", "pods", "log", "default", "p", false },
        { "qa-bot", "update", "", "configmaps", "", "qa", "my-configmap", true },
        { "qa-bot", "get", "", "configmaps", "", "qa", "my-configmap", true },
        { "qa-bot", "get", "", "configmaps", "", "qa", "other", false },
        { "qa-bot", "list", "", "configmaps", "", "qa", "", false },
        { "kube-system-default", "update", "apps", "deployments", "scale", "qa", "web", true },
        { "kube-system-default", "update", "apps", "deployments", "", "qa", "web", false },
        { "admin", "delete", "", "nodes", "", "", "n1", true },
        { "admin", "create", "", "pods", "exec", "kube-system", "p", true },
        { "nobody", "list", "", "pods", "", "default", "", false },
        { "monitor", "list", "", "services", "", "qa", "", true },
        { "monitor", "delete", "", "services", "", "qa", "s", false },
        { "nobody", "create", "authorization.k8s.io", "selfsubjectaccessreviews", "", "", "", true },
        { "anonymous", "create", "authorization.k8s.io", "selfsubjectaccessreviews", "", "", "", false },
    };

    [Theory]
    [MemberData(nameof(ResourceCases))]
    public void Authorize_ResourceRequest_MatchesTheDocumentedOutcome(string user, string verb, string group, string resource, string subresource, string ns, string name, bool allowed)
    {
        var request = new AuthorizationAttributes(User(user), verb, true, "", group, resource, subresource, ns, name);
        Assert.Equal(allowed, _authorizer.Authorize(request).Allowed);
    }

    [Theory]
    [InlineData("kube-system-default", "get", "/healthz", true)]
    [InlineData("kube-system-default", "post", "/healthz/ready", true)]
    [InlineData("kube-system-default", "delete", "/healthz", false)]
    [InlineData("kube-system-default", "get", "/metrics", false)]
    [InlineData("nobody", "get", "/api", true)]
    [InlineData("nobody", "get", "/apis/apps/v1", true)]
    [InlineData("nobody", "get", "/version", true)]
    [InlineData("nobody", "get", "/metrics", false)]
    [InlineData("anonymous", "get", "/version", true)]
    [InlineData("anonymous", "get", "/api", false)]
    [InlineData("admin", "get", "/metrics", true)]
    public void Authorize_NonResourceRequest_MatchesTheDocumentedOutcome(string user, string verb, string path, bool allowed)
    {
        Assert.Equal(allowed, _authorizer.Authorize(new AuthorizationAttributes(User(user), verb, false, path)).Allowed);
    }

    [Fact]
    public void Authorize_Allowed_NamesTheBinding()
    {
        var decision = _authorizer.Authorize(new AuthorizationAttributes(Jane, "get", true, "", "", "pods", "", "default", "web"));
        Assert.Contains("RoleBinding \"read-pods/default\"", decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("list", "", "pods", "", "default", "", "pods is forbidden: User \"nobody\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\"")]
    [InlineData("get", "", "pods", "", "default", "web", "pods \"web\" is forbidden: User \"nobody\" cannot get resource \"pods\" in API group \"\" in the namespace \"default\"")]
    [InlineData("list", "", "nodes", "", "", "", "nodes is forbidden: User \"nobody\" cannot list resource \"nodes\" in API group \"\" at the cluster scope")]
    [InlineData("create", "", "pods", "exec", "qa", "p", "pods \"p\" is forbidden: User \"nobody\" cannot create resource \"pods/exec\" in API group \"\" in the namespace \"qa\"")]
    [InlineData("list", "apps", "deployments", "", "qa", "", "deployments.apps is forbidden: User \"nobody\" cannot list resource \"deployments\" in API group \"apps\" in the namespace \"qa\"")]
    public void ForbiddenMessage_IsWordedLikeTheApiserver(string verb, string group, string resource, string subresource, string ns, string name, string expected)
    {
        Assert.Equal(expected, new AuthorizationAttributes(Nobody, verb, true, "", group, resource, subresource, ns, name).ForbiddenMessage());
    }

    private static UserInfo User(string name) => name switch
    {
        "jane" => Jane,
        "dave" => Dave,
        "mia" => Manager,
        "qa-bot" => QaBot,
        "kube-system-default" => KubeSystemDefault,
        "admin" => UserInfo.Admin,
        "anonymous" => Anonymous,
        "monitor" => new UserInfo("monitor", "", ["system:authenticated"]),
        _ => Nobody,
    };

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();
}
