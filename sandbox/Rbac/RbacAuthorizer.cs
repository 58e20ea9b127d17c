using System.Text.Json.Nodes;
using Paralus.Sandbox.Api;
using Paralus.Sandbox.Auth;
using Paralus.Sandbox.Discovery;
using Paralus.Sandbox.Storage;

namespace Paralus.Sandbox.Rbac;

/// <summary>
/// Kubernetes RBAC over the roles and bindings in the store: ClusterRoleBindings grant everywhere,
/// RoleBindings (to a Role or a ClusterRole) only in their namespace; subjects are users, groups
/// and service accounts. Decided from a compiled <see cref="RbacIndex"/> that is rebuilt as soon as
/// any role or binding changed, so a change takes effect at once.
/// </summary>
internal sealed class RbacAuthorizer(ResourceStore store)
{
    private RbacIndex? _index;

    /// <summary>Members are allowed everything before RBAC is consulted, as in the apiserver.</summary>
    public const string PrivilegedGroup = "system:masters";

    public AuthorizationDecision Authorize(AuthorizationAttributes request)
    {
        if (request.User.Groups.Contains(PrivilegedGroup)) return new AuthorizationDecision(true, $"member of {PrivilegedGroup}");
        foreach (var (binding, rules) in RulesFor(request.User, request.Namespace, clusterWideOnly: !request.IsResourceRequest))
        {
            if (rules.Any(r => r.Allows(request))) return new AuthorizationDecision(true, $"RBAC: allowed by {binding}");
        }
        return new AuthorizationDecision(false, "");
    }

    /// <summary>
    /// The rules that apply to <paramref name="user"/> in <paramref name="ns"/> (cluster-wide ones
    /// included), each with the binding that grants it.
    /// </summary>
    public IEnumerable<(string Binding, IReadOnlyList<PolicyRule> Rules)> RulesFor(UserInfo user, string ns, bool clusterWideOnly = false) =>
        Index().RulesFor(user, ns, clusterWideOnly);

    /// <summary>The compiled bindings for the RBAC objects as they are now; compiled again only after one of them changed.</summary>
    private RbacIndex Index()
    {
        var changeCount = store.ChangeCount(RbacIndex.Types);
        var current = Volatile.Read(ref _index);
        if (current?.ChangeCount == changeCount) return current;
        var rebuilt = RbacIndex.Build(store, changeCount);
        Volatile.Write(ref _index, rebuilt);
        return rebuilt;
    }

    /// <summary>
    /// A role's rules; for a ClusterRole with an aggregationRule also those of every ClusterRole
    /// its selectors match (what the aggregation controller would have copied in).
    /// </summary>
    public IReadOnlyList<PolicyRule> RulesOf(JsonObject? role) => RulesOf(role, store.List(ResourceCatalog.ClusterRoles, "").Items);

    /// <summary>The same, with the ClusterRoles an aggregation may draw from already at hand.</summary>
    public static IReadOnlyList<PolicyRule> RulesOf(JsonObject? role, IReadOnlyCollection<JsonObject> clusterRoles)
    {
        var rules = (role?["rules"] as JsonArray ?? []).Select(PolicyRule.FromJson).ToList();
        var selectors = (role?["aggregationRule"]?["clusterRoleSelectors"] as JsonArray ?? []).OfType<JsonObject>().Select(ToSelector).ToList();
        if (selectors.Count == 0) return rules;
        foreach (var other in clusterRoles)
        {
            if (Meta.Name(other) == Meta.Name(role!) || !selectors.Any(s => s.Matches(Meta.Labels(other)))) continue;
            rules.AddRange((other["rules"] as JsonArray ?? []).Select(PolicyRule.FromJson));
        }
        return rules;
    }

    private static LabelSelector ToSelector(JsonObject selector)
    {
        var terms = (selector["matchLabels"] as JsonObject ?? []).Select(kv => $"{kv.Key}={kv.Value}").ToList();
        foreach (var expression in (selector["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var key = Meta.Text(expression, "key");
            var values = string.Join(',', (expression["values"] as JsonArray ?? []).Select(v => v?.ToString()));
            terms.Add(Meta.Text(expression, "operator") switch
            {
                "In" => $"{key} in ({values})",
                "NotIn" => $"{key} notin ({values})",
                "DoesNotExist" => $"!{key}",
                _ => key,
            });
        }
        return LabelSelector.Parse(string.Join(',', terms));
    }
}
