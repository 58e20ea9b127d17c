using System.Text.Json.Nodes;
using Paralus.Sandbox.Api;
using Paralus.Sandbox.Auth;
using Paralus.Sandbox.Discovery;
using Paralus.Sandbox.Storage;

namespace Paralus.Sandbox.Rbac;

/// <summary>
/// Kubernetes RBAC over the roles and bindings in the store: ClusterRoleBindings grant everywhere,
/// RoleBindings (to a Role or a ClusterRole) only in their namespace; subjects are users, groups
/// and service accounts. Evaluated on every request from the current objects, so a change to a
/// binding takes effect at once.
/// </summary>
internal sealed class RbacAuthorizer(ResourceStore store)
{
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
    public IEnumerable<(string Binding, IReadOnlyList<PolicyRule> Rules)> RulesFor(UserInfo user, string ns, bool clusterWideOnly = false)
    {
        foreach (var binding in store.List(ResourceCatalog.ClusterRoleBindings, "").Items)
        {
            if (!Applies(binding, user, "")) continue;
            var roleName = Meta.Text(binding, "roleRef", "name");
            if (Meta.Text(binding, "roleRef", "kind") != "ClusterRole") continue;
            yield return ($"ClusterRoleBinding \"{Meta.Name(binding)}\" of ClusterRole \"{roleName}\"",
                RulesOf(store.Get(ResourceCatalog.ClusterRoles, "", roleName)));
        }
        if (clusterWideOnly || ns.Length == 0) yield break;
        foreach (var binding in store.List(ResourceCatalog.RoleBindings, ns).Items)
        {
            if (!Applies(binding, user, ns)) continue;
            var roleName = Meta.Text(binding, "roleRef", "name");
            var role = Meta.Text(binding, "roleRef", "kind") switch
            {
                "ClusterRole" => store.Get(ResourceCatalog.ClusterRoles, "", roleName),
                "Role" => store.Get(ResourceCatalog.Roles, ns, roleName),
                _ => null,
            };
            yield return ($"RoleBinding \"{Meta.Name(binding)}/{ns}\" of {Meta.Text(binding, "roleRef", "kind")} \"{roleName}\"", RulesOf(role));
        }
    }

    private static bool Applies(JsonObject binding, UserInfo user, string bindingNamespace)
    {
        foreach (var subject in (binding["subjects"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = Meta.Text(subject, "name");
            switch (Meta.Text(subject, "kind"))
            {
                case "User" when name == user.Name:
                case "Group" when user.Groups.Contains(name):
                    return true;
                case "ServiceAccount":
                    var ns = Meta.Text(subject, "namespace");
                    if (ns.Length == 0) ns = bindingNamespace;
                    if (user.Name == $"{UserInfo.ServiceAccountPrefix}{ns}:{name}") return true;
                    break;
            }
        }
        return false;
    }

    /// <summary>
    /// A role's rules; for a ClusterRole with an aggregationRule also those of every ClusterRole
    /// its selectors match (what the aggregation controller would have copied in).
    /// </summary>
    public IReadOnlyList<PolicyRule> RulesOf(JsonObject? role)
    {
        var rules = (role?["rules"] as JsonArray ?? []).Select(PolicyRule.FromJson).ToList();
        var selectors = (role?["aggregationRule"]?["clusterRoleSelectors"] as JsonArray ?? []).OfType<JsonObject>().Select(ToSelector).ToList();
        if (selectors.Count == 0) return rules;
        foreach (var other in store.List(ResourceCatalog.ClusterRoles, "").Items)
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
