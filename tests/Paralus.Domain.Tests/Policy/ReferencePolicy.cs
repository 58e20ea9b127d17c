using Paralus.Domain.Model;
using Paralus.Domain.Policy;

namespace Paralus.Domain.Tests.Policy;

/// <summary>
/// The policy semantics written as plainly as possible: every question loops over every binding and
/// membership. Slow and obviously right, it is what the engine is compared against.
/// </summary>
internal sealed class ReferencePolicy(DirectoryState state)
{
    /// <summary>The bindings the user holds (directly, or through a group they belong to), with the group's name.</summary>
    public List<(RoleBinding Binding, Role Role, string? ViaGroup)>? HeldBindings(string userId)
    {
        var user = state.Users.FirstOrDefault(u => u.Id == userId);
        if (user is null || !user.Active) return null;

        var held = new List<(RoleBinding, Role, string?)>();
        foreach (var binding in state.Bindings)
        {
            var role = state.Roles.FirstOrDefault(r => r.Id == binding.RoleId);
            if (role is null || !IsComplete(binding.Scope)) continue;
            if (binding.Subject.Kind == SubjectKind.User)
            {
                if (binding.Subject.Id == userId) held.Add((binding, role, null));
                continue;
            }

            var group = state.Groups.FirstOrDefault(g => g.Id == binding.Subject.Id);
            if (group is null) continue;
            var isMember = state.Memberships.Any(m => m.GroupId == group.Id && m.UserId == userId);
            if (isMember) held.Add((binding, role, group.Name));
        }

        return held;
    }

    /// <summary>Ids of every binding that allows the question; null when the user is unknown or inactive.</summary>
    public HashSet<string>? AllowingBindings(string userId, string permission, PolicyTarget target)
    {
        var held = HeldBindings(userId);
        if (held is null) return null;
        return held.Where(h => h.Role.Permissions.Contains(permission) && Covers(h.Binding.Scope, target))
            .Select(h => h.Binding.Id)
            .ToHashSet();
    }

    public (bool All, HashSet<string> Projects) ProjectsWith(string userId, string permission)
    {
        var projects = new HashSet<string>();
        var all = false;
        foreach (var (binding, role, _) in HeldBindings(userId) ?? [])
        {
            if (!role.Permissions.Contains(permission)) continue;
            if (binding.Scope.Kind == ScopeKind.Organization || binding.Scope.ProjectId == "*") all = true;
            else projects.Add(binding.Scope.ProjectId!);
        }

        return all ? (true, []) : (false, projects);
    }

    public (KubernetesAccessLevel Cluster, Dictionary<string, KubernetesAccessLevel> Namespaces) KubernetesAccess(string userId, string projectId)
    {
        var cluster = KubernetesAccessLevel.None;
        var namespaces = new Dictionary<string, KubernetesAccessLevel>();
        foreach (var (binding, role, _) in HeldBindings(userId) ?? [])
        {
            var scope = binding.Scope;
            var projectMatches = scope.ProjectId == "*" || scope.ProjectId == projectId;
            if (scope.Kind == ScopeKind.Organization || (scope.Kind == ScopeKind.Project && projectMatches))
            {
                if (role.Permissions.Contains(Permissions.KubectlFullAccess)) cluster = Max(cluster, KubernetesAccessLevel.Write);
                if (role.Permissions.Contains(Permissions.KubectlClusterRead)) cluster = Max(cluster, KubernetesAccessLevel.Read);
            }
            else if (scope.Kind == ScopeKind.Namespace && projectMatches)
            {
                var level = KubernetesAccessLevel.None;
                if (role.Permissions.Contains(Permissions.KubectlNamespaceRead)) level = KubernetesAccessLevel.Read;
                if (role.Permissions.Contains(Permissions.KubectlNamespaceWrite) || role.Permissions.Contains(Permissions.KubectlFullAccess))
                    level = KubernetesAccessLevel.Write;
                if (level != KubernetesAccessLevel.None)
                    namespaces[scope.Namespace!] = Max(namespaces.GetValueOrDefault(scope.Namespace!), level);
            }
        }

        return (cluster, namespaces);
    }

    public static bool Covers(BindingScope scope, PolicyTarget target) => scope.Kind switch
    {
        ScopeKind.Organization => true,
        ScopeKind.Project => target.Kind != ScopeKind.Organization && Matches(scope.ProjectId!, target.ProjectId!),
        _ => target.Kind == ScopeKind.Namespace && Matches(scope.ProjectId!, target.ProjectId!) && Matches(scope.Namespace!, target.Namespace!),
    };

    private static bool Matches(string bound, string asked) => bound == "*" || bound == asked;

    private static bool IsComplete(BindingScope scope) => scope.Kind switch
    {
        ScopeKind.Organization => true,
        ScopeKind.Project => scope.ProjectId is not null,
        _ => scope.ProjectId is not null && scope.Namespace is not null,
    };

    private static KubernetesAccessLevel Max(KubernetesAccessLevel a, KubernetesAccessLevel b) => a > b ? a : b;
}
