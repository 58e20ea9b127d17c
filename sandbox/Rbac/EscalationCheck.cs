using System.Text.Json.Nodes;
using Paralus.Sandbox.Api;
using Paralus.Sandbox.Auth;
using Paralus.Sandbox.Discovery;
using Paralus.Sandbox.Storage;

namespace Paralus.Sandbox.Rbac;

/// <summary>
/// RBAC's escalation prevention: a Role or ClusterRole may only be written by someone who holds
/// every permission in it (or may <c>escalate</c>), and a binding only by someone who holds the
/// referenced role's permissions (or may <c>bind</c> it). Without this a cluster would accept an
/// agent manifest whose ClusterRole is too small to do its job.
/// </summary>
internal sealed class EscalationCheck(RbacAuthorizer authorizer, ResourceStore store)
{
    private const string RbacGroup = "rbac.authorization.k8s.io";

    public void Check(UserInfo user, ResourceType type, JsonObject obj)
    {
        if (type.Group != RbacGroup || user.Groups.Contains(RbacAuthorizer.PrivilegedGroup)) return;
        var ns = type.Namespaced ? Meta.Namespace(obj) : "";
        var name = Meta.Name(obj);
        switch (type.Kind)
        {
            case "Role" or "ClusterRole":
                if (Allowed(user, "escalate", type.Plural, ns, name)) return;
                Require(user, type, ns, name, authorizer.RulesOf(obj));
                break;
            case "RoleBinding" or "ClusterRoleBinding":
                var roleKind = Meta.Text(obj, "roleRef", "kind");
                var roleName = Meta.Text(obj, "roleRef", "name");
                var roleResource = roleKind == "Role" ? "roles" : "clusterroles";
                if (Allowed(user, "bind", roleResource, ns, roleName)) return;
                var role = roleKind == "Role"
                    ? store.Get(ResourceCatalog.Roles, ns, roleName)
                    : store.Get(ResourceCatalog.ClusterRoles, "", roleName);
                Require(user, type, ns, name, authorizer.RulesOf(role));
                break;
        }
    }

    private bool Allowed(UserInfo user, string verb, string resource, string ns, string name) =>
        authorizer.Authorize(new AuthorizationAttributes(user, verb, true, "", RbacGroup, resource, "", ns, name)).Allowed;

    private void Require(UserInfo user, ResourceType type, string ns, string name, IReadOnlyList<PolicyRule> wanted)
    {
        var held = authorizer.RulesFor(user, ns, clusterWideOnly: ns.Length == 0).SelectMany(b => b.Rules).ToList();
        var missing = wanted.SelectMany(Atoms).Where(atom => !held.Any(owner => Covers(owner, atom))).ToList();
        if (missing.Count == 0) return;
        var groups = string.Join(' ', user.Groups.Select(g => $"\"{g}\""));
        throw new StatusException(403, "Forbidden",
            $"{type.Plural}.{RbacGroup} \"{name}\" is forbidden: user \"{user.Name}\" (groups=[{groups}]) is attempting to grant RBAC permissions not currently held:\n"
            + string.Join('\n', missing.Select(Describe)),
            new JsonObject { ["name"] = name, ["group"] = RbacGroup, ["kind"] = type.Plural });
    }

    /// <summary>Splits a rule into single verb/group/resource/name (or verb/URL) grants.</summary>
    private static IEnumerable<PolicyRule> Atoms(PolicyRule rule)
    {
        foreach (var verb in rule.Verbs)
        {
            foreach (var url in rule.NonResourceUrls) yield return new PolicyRule([verb], [], [], [], [url]);
            foreach (var group in rule.ApiGroups)
            {
                foreach (var resource in rule.Resources)
                {
                    if (rule.ResourceNames.Length == 0) yield return new PolicyRule([verb], [group], [resource], [], []);
                    foreach (var resourceName in rule.ResourceNames) yield return new PolicyRule([verb], [group], [resource], [resourceName], []);
                }
            }
        }
    }

    private static bool Covers(PolicyRule owner, PolicyRule atom)
    {
        if (!owner.Verbs.Any(v => v == "*" || v == atom.Verbs[0])) return false;
        if (atom.NonResourceUrls.Length > 0)
        {
            var url = atom.NonResourceUrls[0];
            return owner.NonResourceUrls.Any(o => o == "*" || o == url || (o.EndsWith('*') && url.StartsWith(o[..^1], StringComparison.Ordinal)));
        }
        if (!owner.ApiGroups.Any(g => g == "*" || g == atom.ApiGroups[0])) return false;
        var resource = atom.Resources[0];
        var slash = resource.IndexOf('/');
        var resourceCovered = owner.Resources.Any(r => r == "*" || r == resource
            || (slash > 0 && r.StartsWith("*/", StringComparison.Ordinal) && r[1..] == resource[slash..]));
        if (!resourceCovered) return false;
        return owner.ResourceNames.Length == 0 || (atom.ResourceNames.Length > 0 && owner.ResourceNames.Contains(atom.ResourceNames[0]));
    }

    private static string Describe(PolicyRule atom) => atom.NonResourceUrls.Length > 0
        ? $"{{NonResourceURLs:[\"{atom.NonResourceUrls[0]}\"], Verbs:[\"{atom.Verbs[0]}\"]}}"
        : atom.ResourceNames.Length > 0
            ? $"{{APIGroups:[\"{atom.ApiGroups[0]}\"], Resources:[\"{atom.Resources[0]}\"], ResourceNames:[\"{atom.ResourceNames[0]}\"], Verbs:[\"{atom.Verbs[0]}\"]}}"
            : $"{{APIGroups:[\"{atom.ApiGroups[0]}\"], Resources:[\"{atom.Resources[0]}\"], Verbs:[\"{atom.Verbs[0]}\"]}}";
}
