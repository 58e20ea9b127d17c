using System.Security.Cryptography;
using System.Text;
using Paralus.Domain.Model;
using Paralus.Domain.Policy;

namespace Paralus.Domain.Kubernetes;

/// <summary>
/// What one user's access to one cluster should look like inside it: a service account in
/// <see cref="ServiceAccountNamespace"/> and its bindings to the <see cref="JitClusterRoles"/>, all carrying
/// <see cref="Labels"/>. The relay sends it with each request; the agent applies it when
/// <see cref="SpecVersion"/> differs from what it applied last, and deletes labelled bindings not listed.
/// Two specs are equal when their versions are.
/// </summary>
public sealed record JitAccessSpec
{
    public const string ServiceAccountNamespace = "paralus-system";
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "paralus";
    public const string UserLabel = "paralus.dev/user";

    private JitAccessSpec(
        string serviceAccountName,
        IReadOnlyDictionary<string, string> labels,
        IReadOnlyList<JitClusterRoleBinding> clusterRoleBindings,
        IReadOnlyList<JitRoleBinding> roleBindings,
        string? everyNamespaceRole)
    {
        ServiceAccountName = serviceAccountName;
        Labels = labels;
        ClusterRoleBindings = clusterRoleBindings;
        RoleBindings = roleBindings;
        EveryNamespaceRole = everyNamespaceRole;
        SpecVersion = VersionOf(serviceAccountName, labels, clusterRoleBindings, roleBindings, everyNamespaceRole);
    }

    public string ServiceAccountName { get; }

    /// <summary>On the service account and on every binding, so the agent can find all of a user's objects.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>Ordered by name.</summary>
    public IReadOnlyList<JitClusterRoleBinding> ClusterRoleBindings { get; }

    /// <summary>Ordered by namespace.</summary>
    public IReadOnlyList<JitRoleBinding> RoleBindings { get; }

    /// <summary>
    /// The ClusterRole of a namespace role on every namespace ("*"), or null. It is bound with a RoleBinding in each
    /// namespace but <see cref="ServiceAccountNamespace"/>, kept current as namespaces appear, never with a
    /// ClusterRoleBinding: the cluster's own RBAC then keeps such a user out of cluster-scoped objects too.
    /// </summary>
    public string? EveryNamespaceRole { get; }

    /// <summary>The RoleBinding of <see cref="EveryNamespaceRole"/> in <paramref name="namespace"/>; null when there is none there.</summary>
    public JitRoleBinding? EveryNamespaceBindingIn(string @namespace) =>
        EveryNamespaceRole is { } role && @namespace != ServiceAccountNamespace
            ? new JitRoleBinding(ServiceAccountNames.BindingName(ServiceAccountName, role), @namespace, role)
            : null;

    /// <summary>A hash of everything above: equal content, equal version, whatever order the access was built in.</summary>
    public string SpecVersion { get; }

    /// <summary>A spec with no bindings when <paramref name="access"/> grants nothing (the agent then removes them all).</summary>
    public static JitAccessSpec For(string userName, KubernetesAccess access) =>
        For(userName, access.ClusterLevel, access.Namespaces.ToDictionary(n => n.Key, n => n.Value.Level, StringComparer.Ordinal));

    /// <summary>The same from bare access levels, as the agent receives them from the relay (the JIT access header).</summary>
    public static JitAccessSpec For(string userName, KubernetesAccessLevel clusterLevel, IReadOnlyDictionary<string, KubernetesAccessLevel> namespaces)
    {
        var serviceAccount = ServiceAccountNames.ForUser(userName);
        var clusterRoles = new SortedSet<string>(StringComparer.Ordinal);
        var roleBindings = new List<JitRoleBinding>();

        if (clusterLevel != KubernetesAccessLevel.None)
            clusterRoles.Add(clusterLevel == KubernetesAccessLevel.Write ? JitClusterRoles.FullName : JitClusterRoles.ReadName);

        // A binding that adds nothing to a broader one is left out, so the cluster holds as few objects as it can.
        var everyNamespace = namespaces.TryGetValue(BindingScope.Wildcard, out var wildcard) ? wildcard : KubernetesAccessLevel.None;
        var everyNamespaceRole = everyNamespace > clusterLevel ? NamespaceRoleFor(everyNamespace) : null;

        var floor = clusterLevel > everyNamespace ? clusterLevel : everyNamespace;
        foreach (var (name, granted) in namespaces.OrderBy(n => n.Key, StringComparer.Ordinal))
        {
            if (name == BindingScope.Wildcard || granted <= floor) continue;
            var role = NamespaceRoleFor(granted);
            roleBindings.Add(new JitRoleBinding(ServiceAccountNames.BindingName(serviceAccount, role), name, role));
        }

        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [ManagedByLabel] = ManagedByValue,
            [UserLabel] = ServiceAccountNames.LabelValue(serviceAccount),
        };
        var clusterRoleBindings = clusterRoles.Select(role => new JitClusterRoleBinding(ServiceAccountNames.BindingName(serviceAccount, role), role)).ToArray();
        return new JitAccessSpec(serviceAccount, labels.AsReadOnly(), clusterRoleBindings, roleBindings.ToArray(), everyNamespaceRole);
    }

    public bool Equals(JitAccessSpec? other) => other is not null && SpecVersion == other.SpecVersion;

    public override int GetHashCode() => SpecVersion.GetHashCode(StringComparison.Ordinal);

    private static string NamespaceRoleFor(KubernetesAccessLevel level) =>
        level == KubernetesAccessLevel.Write ? JitClusterRoles.NamespaceFullName : JitClusterRoles.NamespaceReadName;

    private static string VersionOf(
        string serviceAccountName,
        IReadOnlyDictionary<string, string> labels,
        IReadOnlyList<JitClusterRoleBinding> clusterRoleBindings,
        IReadOnlyList<JitRoleBinding> roleBindings,
        string? everyNamespaceRole)
    {
        // One line per fact in a fixed order; "v2" changes if the layout ever does (v1 bound "*" cluster-wide).
        var text = new StringBuilder("v2\n");
        text.Append("serviceaccount ").Append(ServiceAccountNamespace).Append('/').Append(serviceAccountName).Append('\n');
        foreach (var (key, value) in labels) text.Append("label ").Append(key).Append('=').Append(value).Append('\n');
        foreach (var binding in clusterRoleBindings) text.Append("clusterrolebinding ").Append(binding.Name).Append(' ').Append(binding.ClusterRoleName).Append('\n');
        foreach (var binding in roleBindings) text.Append("rolebinding ").Append(binding.Namespace).Append('/').Append(binding.Name).Append(' ').Append(binding.ClusterRoleName).Append('\n');
        if (everyNamespaceRole is not null) text.Append("everynamespace ").Append(everyNamespaceRole).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())), 0, 8);
    }
}
