using Paralus.Domain.Model;

namespace Paralus.Domain.Policy;

/// <summary>
/// Gathers the grants behind one <see cref="KubernetesAccess"/>, keeping the strongest level (and the
/// first binding found at it) for the cluster and for each namespace. A struct, so only a result with
/// namespace grants allocates beyond the result itself.
/// </summary>
internal struct KubernetesAccessAccumulator(string[] namespaceNames)
{
    private KubernetesAccessLevel _clusterLevel;
    private PolicyGrant? _clusterGrant;
    private Dictionary<string, NamespaceAccess>? _namespaces;

    /// <summary><paramref name="grant"/> is already known to concern the project.</summary>
    public void Add(in ScopedGrant grant, KubernetesAccessLevel clusterLevel, KubernetesAccessLevel namespaceLevel)
    {
        if (grant.Kind != ScopeKind.Namespace)
        {
            if (clusterLevel > _clusterLevel) (_clusterLevel, _clusterGrant) = (clusterLevel, grant.Grant);
            return;
        }

        if (namespaceLevel == KubernetesAccessLevel.None) return;
        var name = grant.Namespace == ScopedGrant.Any ? BindingScope.Wildcard : namespaceNames[grant.Namespace];
        _namespaces ??= new Dictionary<string, NamespaceAccess>(StringComparer.Ordinal);
        if (!_namespaces.TryGetValue(name, out var held) || held.Level < namespaceLevel) _namespaces[name] = new NamespaceAccess(namespaceLevel, grant.Grant);
    }

    public readonly KubernetesAccess ToAccess(string projectId)
    {
        var denial = _clusterLevel == KubernetesAccessLevel.None && _namespaces is null ? DenialReason.NoGrant : DenialReason.None;
        return new KubernetesAccess(projectId, denial, _clusterLevel, _clusterGrant, _namespaces);
    }
}
