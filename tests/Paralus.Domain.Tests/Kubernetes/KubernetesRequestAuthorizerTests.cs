using Paralus.Domain.Kubernetes;
using Paralus.Domain.Model;
using static Paralus.Domain.Tests.Kubernetes.KubernetesPersonas;

namespace Paralus.Domain.Tests.Kubernetes;

public sealed class KubernetesRequestAuthorizerTests
{
    private static readonly Dictionary<string, User> People = new()
    {
        ["admin"] = ProjectAdmin,
        ["reader"] = ProjectReader,
        ["sally"] = Sally,
        ["nsreader"] = NamespaceReader,
        ["everyns"] = EveryNamespaceAdmin,
        ["deactivated"] = Deactivated,
        ["nobody"] = Nobody,
    };

    [Theory]
    // PROJECT_ADMIN: everything, exec and secrets included.
    [InlineData("admin", "GET", "/api/v1/namespaces/default/pods", true)]
    [InlineData("admin", "POST", "/api/v1/namespaces/default/pods/web-1/exec?command=sh", true)]
    [InlineData("admin", "GET", "/api/v1/namespaces/default/pods/web-1/exec?command=sh", true)]
    [InlineData("admin", "GET", "/api/v1/namespaces/default/pods/web-1/portforward", true)]
    [InlineData("admin", "GET", "/api/v1/namespaces/default/secrets", true)]
    [InlineData("admin", "POST", "/api/v1/namespaces/default/serviceaccounts/builder/token", true)]
    [InlineData("admin", "DELETE", "/api/v1/namespaces/apple", true)]
    [InlineData("admin", "GET", "/api/v1/nodes", true)]
    [InlineData("admin", "POST", "/apis/rbac.authorization.k8s.io/v1/clusterroles", true)]
    [InlineData("admin", "GET", "/api/v1/nodes/n1/proxy/stats", true)]
    [InlineData("admin", "GET", "/version", true)]
    [InlineData("admin", "GET", "/metrics", true)] // full cluster access reaches non-resource URLs, like cluster-admin
    [InlineData("reader", "GET", "/metrics", false)]
    [InlineData("sally", "POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", true)] // kubectl auth whoami
    [InlineData("sally", "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", true)] // kubectl auth can-i
    [InlineData("sally", "POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", false)] // about others: no
    [InlineData("admin", "OPTIONS", "/api/v1/namespaces/default/pods", false)]
    [InlineData("admin", "GET", "/api/v1/watch", false)]
    [InlineData("admin", "GET", "/api/v1/namespaces/apple/pods/../../default/secrets", false)]
    [InlineData("admin", "GET", "/api/v1/namespaces/apple/pods/a%2F..", false)]
    // PROJECT_READ_ONLY: reads, but no writes, no exec, no secrets, no tokens.
    [InlineData("reader", "GET", "/api/v1/namespaces/default/pods", true)]
    [InlineData("reader", "GET", "/api/v1/namespaces/default/pods?watch=true", true)]
    [InlineData("reader", "GET", "/api/v1/namespaces/default/pods/web-1", true)]
    [InlineData("reader", "GET", "/api/v1/namespaces/default/pods/web-1/log", true)]
    [InlineData("reader", "GET", "/api/v1/pods", true)]
    [InlineData("reader", "GET", "/api/v1/nodes", true)]
    [InlineData("reader", "GET", "/api/v1/namespaces", true)]
    [InlineData("reader", "GET", "/apis/apps/v1/namespaces/x/deployments/web/scale", true)]
    [InlineData("reader", "DELETE", "/api/v1/namespaces/default/pods/web-1", false)]
    [InlineData("reader", "POST", "/api/v1/namespaces/default/pods", false)]
    [InlineData("reader", "PUT", "/apis/apps/v1/namespaces/x/deployments/web/scale", false)]
    [InlineData("reader", "POST", "/api/v1/namespaces/default/pods/web-1/exec?command=sh", false)]
    [InlineData("reader", "GET", "/api/v1/namespaces/default/pods/web-1/exec?command=sh", false)]
    [InlineData("reader", "GET", "/api/v1/namespaces/default/pods/web-1/attach", false)]
    [InlineData("reader", "GET", "/api/v1/namespaces/default/pods/web-1/portforward", false)]
    [InlineData("reader", "GET", "/api/v1/namespaces/x/services/web:80/proxy/metrics", false)]
    [InlineData("reader", "GET", "/api/v1/nodes/n1/proxy", false)]
    [InlineData("reader", "GET", "/api/v1/proxy/namespaces/x/pods/p/metrics", false)]
    [InlineData("reader", "GET", "/api/v1/namespaces/default/secrets", false)]
    [InlineData("reader", "GET", "/api/v1/namespaces/default/secrets/db", false)]
    [InlineData("reader", "GET", "/api/v1/secrets?watch=1", false)]
    [InlineData("reader", "POST", "/api/v1/namespaces/x/serviceaccounts/builder/token", false)]
    [InlineData("reader", "GET", "/api/v1/namespaces/x/serviceaccounts/builder", true)]
    [InlineData("reader", "GET", "/api", true)]
    // NAMESPACE_ADMIN on apple: anything in apple, its own namespace object, nothing else.
    [InlineData("sally", "POST", "/apis/apps/v1/namespaces/apple/deployments", true)]
    [InlineData("sally", "GET", "/api/v1/namespaces/apple/pods", true)]
    [InlineData("sally", "POST", "/api/v1/namespaces/apple/pods/web-1/exec", true)]
    [InlineData("sally", "GET", "/api/v1/namespaces/apple/secrets/db", true)]
    [InlineData("sally", "DELETE", "/api/v1/namespaces/apple/pods", true)]
    [InlineData("sally", "GET", "/api/v1/namespaces/apple", true)]
    [InlineData("sally", "GET", "/api/v1/namespaces", false)]
    [InlineData("sally", "GET", "/api/v1/namespaces?fieldSelector=metadata.name%3Dapple", false)]
    [InlineData("sally", "DELETE", "/api/v1/namespaces/apple", false)]
    [InlineData("sally", "PUT", "/api/v1/namespaces/apple/status", false)]
    [InlineData("sally", "GET", "/api/v1/namespaces/default", false)]
    [InlineData("sally", "GET", "/api/v1/namespaces/default/pods", false)]
    [InlineData("sally", "GET", "/api/v1/pods", false)]
    [InlineData("sally", "GET", "/api/v1/nodes", false)]
    [InlineData("sally", "GET", "/apis", true)]
    [InlineData("sally", "GET", "/apis/apps/v1", true)]
    [InlineData("sally", "GET", "/openapi/v3/apis/apps/v1", true)]
    [InlineData("sally", "GET", "/healthz", true)]
    [InlineData("sally", "POST", "/api", false)]
    // NAMESPACE_READ_ONLY on apple.
    [InlineData("nsreader", "GET", "/api/v1/namespaces/apple/pods", true)]
    [InlineData("nsreader", "GET", "/api/v1/namespaces/apple", true)]
    [InlineData("nsreader", "POST", "/api/v1/namespaces/apple/pods", false)]
    [InlineData("nsreader", "POST", "/api/v1/namespaces/apple/pods/web-1/exec", false)]
    [InlineData("nsreader", "GET", "/api/v1/namespaces/apple/secrets", false)]
    [InlineData("nsreader", "GET", "/api/v1/namespaces/banana/pods", false)]
    // NAMESPACE_ADMIN on every namespace: any namespace, but nothing cluster-scoped.
    [InlineData("everyns", "POST", "/api/v1/namespaces/banana/pods/web-1/exec", true)]
    [InlineData("everyns", "GET", "/api/v1/namespaces/kube-system/secrets", true)]
    [InlineData("everyns", "GET", "/api/v1/namespaces/banana", true)]
    [InlineData("everyns", "GET", "/api/v1/nodes", false)]
    [InlineData("everyns", "GET", "/api/v1/pods", false)]
    [InlineData("everyns", "DELETE", "/api/v1/namespaces/banana", false)]
    // Deactivated, or no binding in this project: nothing at all, not even discovery.
    [InlineData("deactivated", "GET", "/api/v1/namespaces/default/pods", false)]
    [InlineData("deactivated", "GET", "/version", false)]
    [InlineData("nobody", "GET", "/api/v1/namespaces/default/pods", false)]
    [InlineData("nobody", "GET", "/api", false)]
    public void Authorize_Personas(string who, string method, string target, bool allowed)
    {
        var decision = Decide(People[who], method, target);

        Assert.True(allowed == decision.IsAllowed, decision.ToString());
        Assert.Equal(allowed, decision.DenialReason is null);
    }

    [Fact]
    public void Authorize_Allowed_NamesTheGrant()
    {
        var decision = Decide(Sally, "POST", "/api/v1/namespaces/apple/pods");

        Assert.Equal("rb-sally", decision.Grant!.BindingId);
    }

    [Fact]
    public void Authorize_ImpersonateVerb_DeniedEvenForFullAccess()
    {
        var request = new KubernetesRequestInfo
        {
            Path = "/api/v1/users/admin",
            IsResourceRequest = true,
            Verb = KubernetesVerbs.Impersonate,
            ApiPrefix = "api",
            ApiVersion = "v1",
            Resource = "users",
            Name = "admin",
        };

        var decision = KubernetesRequestAuthorizer.Authorize(AccessOf(ProjectAdmin), request);

        Assert.False(decision.IsAllowed);
        Assert.Equal("impersonation is not allowed through Paralus", decision.DenialReason);
    }

    [Theory]
    [InlineData("/api/v1/users/admin")]
    [InlineData("/api/v1/groups/system:masters")]
    [InlineData("/apis/authentication.k8s.io/v1/userextras/scopes")]
    public void Authorize_ImpersonationResources_Denied(string path) =>
        Assert.Equal("impersonation is not allowed through Paralus", Decide(ProjectAdmin, "GET", path).DenialReason);

    [Theory]
    [InlineData("reader", "POST", "/api/v1/namespaces/apple/pods/web-1/exec", "read-only access: exec is not allowed")]
    [InlineData("reader", "GET", "/api/v1/namespaces/apple/pods/web-1/portforward", "read-only access: portforward is not allowed")]
    [InlineData("reader", "GET", "/api/v1/namespaces/apple/secrets", "read-only access: secrets are not allowed")]
    [InlineData("reader", "POST", "/api/v1/namespaces/apple/serviceaccounts/sa/token", "read-only access: service account tokens are not allowed")]
    [InlineData("reader", "DELETE", "/api/v1/namespaces/apple/pods/web-1", "read-only access in namespace \"apple\": delete is not allowed")]
    [InlineData("reader", "POST", "/api/v1/namespaces", "read-only access at the cluster scope: create is not allowed")]
    [InlineData("sally", "GET", "/api/v1/namespaces/default/pods", "no access in namespace \"default\"")]
    [InlineData("sally", "GET", "/api/v1/namespaces", "no access at the cluster scope")]
    [InlineData("sally", "GET", "/metrics", "only discovery paths are served outside the Kubernetes API without full cluster access")]
    [InlineData("deactivated", "GET", "/api", "user is deactivated")]
    [InlineData("nobody", "GET", "/api", "no role binding grants kubectl access in project/aws")]
    [InlineData("admin", "OPTIONS", "/api/v1/pods", "HTTP method has no Kubernetes verb")]
    [InlineData("admin", "GET", "/api/v1/watch", "request names no resource")]
    public void Authorize_Denied_SaysWhy(string who, string method, string target, string reason) =>
        Assert.Equal(reason, Decide(People[who], method, target).DenialReason);

    [Fact]
    public void Decision_Default_IsADenial()
    {
        var decision = default(KubernetesRequestDecision);

        Assert.False(decision.IsAllowed);
        Assert.Equal("no decision was made", decision.DenialReason);
    }

    [Fact]
    public void Authorize_UnknownUser_Denied()
    {
        var access = Snapshot.GetKubernetesAccess("user-ghost", ProjectId);

        var decision = KubernetesRequestAuthorizer.Authorize(access, KubernetesRequestParser.Parse("GET", "/api", rawQuery: null));

        Assert.Equal("unknown user", decision.DenialReason);
    }

    [Fact]
    public void ForbiddenMessage_NamespacedList_AsTheApiserver() =>
        Assert.Equal(
            "pods is forbidden: User \"sally@example.com\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\"",
            Decide(Sally, "GET", "/api/v1/namespaces/default/pods").ForbiddenMessage("sally@example.com"));

    [Fact]
    public void ForbiddenMessage_ClusterScope_AsTheApiserver() =>
        Assert.Equal(
            "namespaces is forbidden: User \"x\" cannot list resource \"namespaces\" in API group \"\" at the cluster scope",
            Decide(Sally, "GET", "/api/v1/namespaces").ForbiddenMessage("x"));

    [Fact]
    public void ForbiddenMessage_Subresource_QuotesTheNameAndJoinsTheSubresource() =>
        Assert.Equal(
            "pods \"web-1\" is forbidden: User \"x\" cannot create resource \"pods/exec\" in API group \"\" in the namespace \"apple\"",
            Decide(NamespaceReader, "POST", "/api/v1/namespaces/apple/pods/web-1/exec").ForbiddenMessage("x"));

    [Fact]
    public void ForbiddenMessage_Group_QualifiesTheResource() =>
        Assert.Equal(
            "deployments.apps \"web\" is forbidden: User \"x\" cannot update resource \"deployments/scale\" in API group \"apps\" in the namespace \"apple\"",
            Decide(NamespaceReader, "PUT", "/apis/apps/v1/namespaces/apple/deployments/web/scale").ForbiddenMessage("x"));

    [Fact]
    public void ForbiddenMessage_NonResource_NamesThePath() =>
        Assert.Equal(
            "forbidden: User \"x\" cannot get path \"/metrics\"",
            Decide(Sally, "GET", "/metrics").ForbiddenMessage("x"));

    [Fact]
    public void ForbiddenMessageWithReason_AppendsTheParalusReason() =>
        Assert.Equal(
            "pods \"web-1\" is forbidden: User \"x\" cannot create resource \"pods/exec\" in API group \"\" in the namespace \"apple\": read-only access: exec is not allowed",
            Decide(NamespaceReader, "POST", "/api/v1/namespaces/apple/pods/web-1/exec").ForbiddenMessageWithReason("x"));

    [Fact]
    public void ForbiddenMessage_QuotesAndEscapesAsGo()
    {
        var request = KubernetesRequestParser.Parse("GET", "/api/v1/namespaces/a\"b/pods/<p>", rawQuery: null);

        Assert.Equal(
            "pods \"<p>\" is forbidden: User \"eve\\\\\\n\\u200b\u00e9\" cannot get resource \"pods\" in API group \"\" in the namespace \"a\\\"b\"",
            KubernetesForbiddenMessage.For(request, "eve\\\n\u200b\u00e9"));
    }

    private static KubernetesRequestDecision Decide(User user, string method, string target)
    {
        var query = target.IndexOf('?');
        var request = query < 0
            ? KubernetesRequestParser.Parse(method, target, rawQuery: null)
            : KubernetesRequestParser.Parse(method, target[..query], target[query..]);
        return KubernetesRequestAuthorizer.Authorize(AccessOf(user), request);
    }
}
