using System.Text.Json.Nodes;
using Paralus.Sandbox.Auth;
using Paralus.Sandbox.Discovery;
using Paralus.Sandbox.Storage;

namespace Paralus.Sandbox.Rbac;

/// <summary>
/// Every binding compiled once, with its subjects and its role's rules (aggregation resolved), so deciding a request
/// walks plain lists instead of copying stored objects; kube-apiserver's authorizer reads informer caches the same
/// way. Built for one <see cref="ChangeCount"/> of the RBAC objects and replaced when that moves.
/// </summary>
internal sealed class RbacIndex
{
    public static readonly ResourceType[] Types = [ResourceCatalog.ClusterRoles, ResourceCatalog.ClusterRoleBindings, ResourceCatalog.Roles, ResourceCatalog.RoleBindings];

    private readonly IReadOnlyList<Binding> _clusterBindings;
    private readonly Dictionary<string, List<Binding>> _roleBindings;

    private RbacIndex(long changeCount, IReadOnlyList<Binding> clusterBindings, Dictionary<string, List<Binding>> roleBindings)
    {
        ChangeCount = changeCount;
        _clusterBindings = clusterBindings;
        _roleBindings = roleBindings;
    }

    public long ChangeCount { get; }

    public static RbacIndex Build(ResourceStore store, long changeCount)
    {
        var clusterRoles = store.List(ResourceCatalog.ClusterRoles, "").Items;
        var clusterRolesByName = clusterRoles.ToDictionary(Meta.Name, StringComparer.Ordinal);
        var roles = store.List(ResourceCatalog.Roles, "").Items.ToDictionary(r => (Meta.Namespace(r), Meta.Name(r)));
        IReadOnlyList<PolicyRule> RulesOf(JsonObject? role) => RbacAuthorizer.RulesOf(role, clusterRoles);

        var clusterBindings = new List<Binding>();
        foreach (var binding in store.List(ResourceCatalog.ClusterRoleBindings, "").Items)
        {
            var roleName = Meta.Text(binding, "roleRef", "name");
            if (Meta.Text(binding, "roleRef", "kind") != "ClusterRole") continue;
            clusterBindings.Add(new Binding($"ClusterRoleBinding \"{Meta.Name(binding)}\" of ClusterRole \"{roleName}\"",
                SubjectsOf(binding, ""), RulesOf(clusterRolesByName.GetValueOrDefault(roleName))));
        }

        var roleBindings = new Dictionary<string, List<Binding>>(StringComparer.Ordinal);
        foreach (var binding in store.List(ResourceCatalog.RoleBindings, "").Items)
        {
            var ns = Meta.Namespace(binding);
            var (roleKind, roleName) = (Meta.Text(binding, "roleRef", "kind"), Meta.Text(binding, "roleRef", "name"));
            var role = roleKind switch
            {
                "ClusterRole" => clusterRolesByName.GetValueOrDefault(roleName),
                "Role" => roles.GetValueOrDefault((ns, roleName)),
                _ => null,
            };
            if (!roleBindings.TryGetValue(ns, out var inNamespace)) roleBindings[ns] = inNamespace = [];
            inNamespace.Add(new Binding($"RoleBinding \"{Meta.Name(binding)}/{ns}\" of {roleKind} \"{roleName}\"", SubjectsOf(binding, ns), RulesOf(role)));
        }
        return new RbacIndex(changeCount, clusterBindings, roleBindings);
    }

    /// <summary>The rules that apply to <paramref name="user"/> in <paramref name="ns"/> (cluster-wide ones first), each with the binding that grants it.</summary>
    public IEnumerable<(string Binding, IReadOnlyList<PolicyRule> Rules)> RulesFor(UserInfo user, string ns, bool clusterWideOnly)
    {
        foreach (var binding in _clusterBindings)
        {
            if (binding.AppliesTo(user)) yield return (binding.Description, binding.Rules);
        }
        if (clusterWideOnly || ns.Length == 0 || !_roleBindings.TryGetValue(ns, out var inNamespace)) yield break;
        foreach (var binding in inNamespace)
        {
            if (binding.AppliesTo(user)) yield return (binding.Description, binding.Rules);
        }
    }

    /// <summary>
    /// A binding's subjects as names to match: users by name, groups by membership, service accounts by their user
    /// name (namespace defaulting to the binding's).
    /// </summary>
    private static Subject[] SubjectsOf(JsonObject binding, string bindingNamespace) =>
        (binding["subjects"] as JsonArray ?? []).OfType<JsonObject>().Select(subject =>
        {
            var name = Meta.Text(subject, "name");
            return Meta.Text(subject, "kind") switch
            {
                "User" => new Subject(name, IsGroup: false),
                "Group" => new Subject(name, IsGroup: true),
                "ServiceAccount" => new Subject(
                    $"{UserInfo.ServiceAccountPrefix}{(Meta.Text(subject, "namespace") is { Length: > 0 } ns ? ns : bindingNamespace)}:{name}", IsGroup: false),
                _ => null,
            };
        }).OfType<Subject>().ToArray();

    private sealed record Subject(string Name, bool IsGroup);

    private sealed record Binding(string Description, Subject[] Subjects, IReadOnlyList<PolicyRule> Rules)
    {
        public bool AppliesTo(UserInfo user) => Subjects.Any(s => s.IsGroup ? user.Groups.Contains(s.Name) : s.Name == user.Name);
    }
}
