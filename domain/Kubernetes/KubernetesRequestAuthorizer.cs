using Paralus.Domain.Model;
using Paralus.Domain.Policy;

namespace Paralus.Domain.Kubernetes;

/// <summary>
/// The relay's per-request rule: may this user's <see cref="KubernetesAccess"/> on the cluster's project
/// pass this kubectl request? Deny by default. The cluster's RBAC on the JIT service account decides
/// again; this check is what keeps read-only users away from exec and secrets, and namespace users
/// away from the rest of the cluster, even where the JIT ClusterRoles are broader.
/// </summary>
public static class KubernetesRequestAuthorizer
{
    // Everything kubectl reads before it can do anything: the same paths as the system:discovery ClusterRole.
    private static readonly HashSet<string> DiscoveryPaths = new(StringComparer.Ordinal)
    {
        "/api", "/apis", "/healthz", "/livez", "/readyz", "/openapi", "/version", "/version/",
    };

    private static readonly string[] DiscoveryPathPrefixes = ["/api/", "/apis/", "/openapi/"];

    // Subresources that run code in, or open a connection into, a pod, node or service.
    private static readonly HashSet<string> InteractiveSubresources = new(StringComparer.Ordinal) { "exec", "attach", "portforward", "proxy" };

    // Reviews that only tell callers about themselves; Kubernetes lets every authenticated user create them (system:basic-user).
    private static readonly HashSet<string> SelfReviewResources = new(StringComparer.Ordinal) { "selfsubjectreviews", "selfsubjectaccessreviews", "selfsubjectrulesreviews" };

    // Resources whose only meaning in RBAC is impersonation (with the "impersonate" verb).
    private static readonly HashSet<string> ImpersonationResources = new(StringComparer.Ordinal) { "users", "groups", "userextras", "uids" };

    public static KubernetesRequestDecision Authorize(KubernetesAccess access, KubernetesRequestInfo request)
    {
        switch (access.Denial)
        {
            case DenialReason.UnknownUser: return KubernetesRequestDecision.Deny(request, "unknown user");
            case DenialReason.UserDeactivated: return KubernetesRequestDecision.Deny(request, "user is deactivated");
        }

        if (access.IsNone) return KubernetesRequestDecision.Deny(request, $"no role binding grants kubectl access in project/{access.ProjectId}");

        // The apiserver would redirect or mis-route such paths; nothing kubectl sends looks like this.
        if (HasUnsafeSegment(request.Path)) return KubernetesRequestDecision.Deny(request, "path has dot segments or encoded characters");

        if (request.IsResourceRequest && ParalusOwnedObjects.AreTouchedBy(request)) return KubernetesRequestDecision.Deny(request, ParalusOwnedObjects.Refusal);

        if (!request.IsResourceRequest)
        {
            if (request.Verb == KubernetesVerbs.Get && IsDiscoveryPath(request.Path)) return KubernetesRequestDecision.Allow(request, null);
            // Like cluster-admin's nonResourceURLs ["*"]: full cluster-wide access reaches /metrics, /logs and the like.
            return access.ClusterLevel == KubernetesAccessLevel.Write
                ? KubernetesRequestDecision.Allow(request, access.ClusterGrant)
                : KubernetesRequestDecision.Deny(request, "only discovery paths are served outside the Kubernetes API without full cluster access");
        }

        if (request.Verb.Length == 0) return KubernetesRequestDecision.Deny(request, "HTTP method has no Kubernetes verb");
        if (request.Resource.Length == 0) return KubernetesRequestDecision.Deny(request, "request names no resource");
        if (request.Verb == KubernetesVerbs.Impersonate || IsImpersonationResource(request))
            return KubernetesRequestDecision.Deny(request, "impersonation is not allowed through Paralus");

        if (request.Verb == KubernetesVerbs.Create && request.Namespace.Length == 0 && SelfReviewResources.Contains(request.Resource)
            && request.ApiGroup is "authentication.k8s.io" or "authorization.k8s.io")
        {
            return KubernetesRequestDecision.Allow(request, null);
        }

        var (level, grant, scope) = LevelFor(access, request);
        if (level == KubernetesAccessLevel.None) return KubernetesRequestDecision.Deny(request, $"no access {scope}");
        if (level == KubernetesAccessLevel.Write) return KubernetesRequestDecision.Allow(request, grant);

        if (InteractiveSubresources.Contains(request.Subresource))
            return KubernetesRequestDecision.Deny(request, $"read-only access: {request.Subresource} is not allowed");
        // Any group: a read-only user should not read something called secrets anywhere.
        if (request.Resource == "secrets") return KubernetesRequestDecision.Deny(request, "read-only access: secrets are not allowed");
        if (request is { ApiGroup: "", Resource: "serviceaccounts", Subresource: "token" })
            return KubernetesRequestDecision.Deny(request, "read-only access: service account tokens are not allowed");
        if (!KubernetesVerbs.IsReadOnly(request.Verb))
            return KubernetesRequestDecision.Deny(request, $"read-only access {scope}: {request.Verb} is not allowed");

        return KubernetesRequestDecision.Allow(request, grant);
    }

    /// <summary>The level that applies to the request, the grant behind it, and the scope in words for a denial.</summary>
    private static (KubernetesAccessLevel Level, PolicyGrant? Grant, string Scope) LevelFor(KubernetesAccess access, KubernetesRequestInfo request)
    {
        var isNamespaceObject = request is { ApiGroup: "", Resource: "namespaces" };
        // Reading one's own namespace object is namespace-level: kubectl and tools look it up before working in it.
        var isOwnNamespaceRead = isNamespaceObject && request is { Verb: KubernetesVerbs.Get, Subresource: "" } && request.Name == request.Namespace;
        if (request.Namespace.Length == 0 || (isNamespaceObject && !isOwnNamespaceRead))
        {
            // Requests across all namespaces (kubectl get pods -A) are here too: the path cannot tell them from
            // cluster-scoped resources, so they need cluster-wide access.
            return (access.ClusterLevel, access.ClusterGrant, "at the cluster scope");
        }

        var level = access.ClusterLevel;
        var grant = access.ClusterGrant;
        foreach (var key in (ReadOnlySpan<string>)[request.Namespace, BindingScope.Wildcard])
        {
            if (access.Namespaces.TryGetValue(key, out var named) && named.Level > level) (level, grant) = (named.Level, named.Grant);
        }

        return (level, grant, $"in namespace \"{request.Namespace}\"");
    }

    private static bool IsDiscoveryPath(string path) =>
        DiscoveryPaths.Contains(path) || DiscoveryPathPrefixes.Any(prefix => path.StartsWith(prefix, StringComparison.Ordinal));

    private static bool IsImpersonationResource(KubernetesRequestInfo request) =>
        request.ApiGroup is "" or "authentication.k8s.io" && ImpersonationResources.Contains(request.Resource);

    private static bool HasUnsafeSegment(string path)
    {
        if (path.Contains('%')) return true;
        foreach (var segment in path.AsSpan().Split('/'))
        {
            if (path.AsSpan(segment) is "." or "..") return true;
        }

        return false;
    }
}
