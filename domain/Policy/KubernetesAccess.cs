using System.Collections.Frozen;
using System.Text;
using Paralus.Domain.Model;

namespace Paralus.Domain.Policy;

/// <summary>
/// What kubectl may do on a cluster of one project: cluster-wide access, and access to single
/// namespaces (the key "*" stands for every namespace). The two are reported apart; use
/// <see cref="LevelIn"/> for the level that applies to one namespace.
/// </summary>
public sealed class KubernetesAccess
{
    private static readonly IReadOnlyDictionary<string, NamespaceAccess> NoNamespaces =
        FrozenDictionary<string, NamespaceAccess>.Empty;

    internal KubernetesAccess(
        string projectId,
        DenialReason denial,
        KubernetesAccessLevel clusterLevel,
        PolicyGrant? clusterGrant,
        IReadOnlyDictionary<string, NamespaceAccess>? namespaces)
    {
        ProjectId = projectId;
        Denial = denial;
        ClusterLevel = clusterLevel;
        ClusterGrant = clusterGrant;
        Namespaces = namespaces ?? NoNamespaces;
    }

    public string ProjectId { get; }

    /// <summary><see cref="DenialReason.None"/> unless the user is unknown or deactivated, or holds nothing here.</summary>
    public DenialReason Denial { get; }

    public KubernetesAccessLevel ClusterLevel { get; }

    /// <summary>The binding behind <see cref="ClusterLevel"/>; null when it is <see cref="KubernetesAccessLevel.None"/>.</summary>
    public PolicyGrant? ClusterGrant { get; }

    /// <summary>Namespace name (or "*") to the access granted by namespace-scoped bindings.</summary>
    public IReadOnlyDictionary<string, NamespaceAccess> Namespaces { get; }

    public bool IsNone => ClusterLevel == KubernetesAccessLevel.None && Namespaces.Count == 0;

    /// <summary>The strongest of cluster-wide, every-namespace and this-namespace access.</summary>
    public KubernetesAccessLevel LevelIn(string @namespace)
    {
        var level = ClusterLevel;
        if (Namespaces.TryGetValue(@namespace, out var named) && named.Level > level) level = named.Level;
        if (Namespaces.TryGetValue(BindingScope.Wildcard, out var any) && any.Level > level) level = any.Level;
        return level;
    }

    public override string ToString()
    {
        switch (Denial)
        {
            case DenialReason.UnknownUser: return "unknown user";
            case DenialReason.UserDeactivated: return "user is deactivated";
        }

        if (IsNone) return $"no role binding grants kubectl access in project/{ProjectId}";
        var text = new StringBuilder();
        text.Append("cluster-wide: ").Append(ClusterGrant is null ? "none" : $"{ClusterLevel.ToString().ToLowerInvariant()} ({ClusterGrant})");
        foreach (var (name, access) in Namespaces.OrderBy(n => n.Key, StringComparer.Ordinal))
            text.Append("; namespace ").Append(name).Append(": ").Append(access);
        return text.ToString();
    }
}
