namespace Paralus.Domain.Kubernetes;

/// <summary>
/// What Paralus keeps inside a cluster for itself: the <see cref="JitAccessSpec.ServiceAccountNamespace"/> namespace
/// (every user's JIT service account, the agent and its certificate secret) and the ClusterRoles JIT bindings point
/// at. Acting on them would mean minting another user's token or widening everyone's access, so no role reaches them
/// through the relay, not even full cluster access; the cluster's own administrators manage them directly.
/// </summary>
public static class ParalusOwnedObjects
{
    public const string AgentName = "paralus-agent";

    public const string Refusal = $"namespace {JitAccessSpec.ServiceAccountNamespace} and the paralus-* ClusterRoles belong to Paralus itself; no role reaches them through Paralus";

    private static readonly HashSet<string> ClusterRoleNames = new(JitClusterRoles.All.Select(r => r.Name).Append(AgentName), StringComparer.Ordinal);

    /// <summary>Whether <paramref name="request"/> would touch them: anything in the namespace (or on it), or a change to those ClusterRoles or the agent's binding.</summary>
    public static bool AreTouchedBy(KubernetesRequestInfo request) =>
        request.Namespace == JitAccessSpec.ServiceAccountNamespace
        || (request is { ApiGroup: "rbac.authorization.k8s.io", Resource: "clusterroles" or "clusterrolebindings" }
            && ClusterRoleNames.Contains(request.Name) && !KubernetesVerbs.IsReadOnly(request.Verb));
}
