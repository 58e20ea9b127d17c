using System.Collections.Frozen;
using Paralus.Core.Domain;

namespace Paralus.Core.Policy;

/// <summary>
/// One organization's users, groups, roles and bindings compiled into indices, immutable once built.
/// A decision is a few dictionary look-ups and a scan of a handful of grants; nothing is allocated
/// on that path. Replace the whole snapshot on change (<see cref="PolicySnapshotStore"/>).
/// </summary>
public sealed partial class PolicySnapshot
{
    private readonly FrozenDictionary<string, CompiledUser> _usersById;
    private readonly FrozenDictionary<string, User> _usersByName;
    private readonly FrozenDictionary<string, Group> _groupsById;
    private readonly FrozenDictionary<string, Group> _groupsByName;
    private readonly FrozenDictionary<string, Role> _rolesById;
    private readonly FrozenDictionary<string, Role> _rolesByName;
    private readonly FrozenDictionary<string, User[]> _membersByGroupId;
    private readonly FrozenDictionary<string, int> _permissionIndex;
    private readonly FrozenDictionary<string, int> _projectIndex;
    private readonly FrozenDictionary<string, int> _namespaceIndex;
    private readonly string[] _projectNames;
    private readonly string[] _namespaceNames;
    private readonly int _kubectlFullAccess;
    private readonly int _kubectlClusterRead;
    private readonly int _kubectlNamespaceRead;
    private readonly int _kubectlNamespaceWrite;

    public long Version { get; }

    /// <summary>Denies everything; what a store holds before the first directory arrives.</summary>
    public static PolicySnapshot Empty { get; } = Build(new DirectoryState([], [], [], [], [], []), 0);

    /// <summary>
    /// Answers "may this user do this here?". Allowed iff the user is active and a binding on the user,
    /// or on a group the user belongs to, has a role holding <paramref name="permission"/> at a scope
    /// that covers <paramref name="target"/>.
    /// </summary>
    public PolicyDecision Check(string userId, string permission, PolicyTarget target)
    {
        if (!_usersById.TryGetValue(userId, out var user)) return PolicyDecision.Deny(DenialReason.UnknownUser, permission, target);
        if (!user.User.Active) return PolicyDecision.Deny(DenialReason.UserDeactivated, permission, target);
        if (_permissionIndex.TryGetValue(permission, out var index))
        {
            var project = target.Kind == ScopeKind.Organization ? ScopedGrant.Unindexed : IndexOf(_projectIndex, target.ProjectId!);
            var @namespace = target.Kind == ScopeKind.Namespace ? IndexOf(_namespaceIndex, target.Namespace!) : ScopedGrant.Unindexed;
            foreach (var table in user.GrantTables)
            {
                var grants = table[index];
                if (grants is null) continue;
                foreach (ref readonly var grant in grants.AsSpan())
                {
                    if (grant.Covers(target.Kind, project, @namespace)) return PolicyDecision.Allow(grant.Grant, permission, target);
                }
            }
        }

        return PolicyDecision.Deny(DenialReason.NoGrant, permission, target);
    }

    /// <summary>
    /// The projects in which the user holds <paramref name="permission"/> at any scope, namespace scopes
    /// included. Every project when an organization binding, or a binding on project "*", grants it.
    /// </summary>
    public ProjectSet GetProjectsWith(string userId, string permission)
    {
        if (!_usersById.TryGetValue(userId, out var user) || !user.User.Active) return ProjectSet.None;
        if (!_permissionIndex.TryGetValue(permission, out var index)) return ProjectSet.None;

        HashSet<string>? projects = null;
        foreach (var table in user.GrantTables)
        {
            var grants = table[index];
            if (grants is null) continue;
            foreach (ref readonly var grant in grants.AsSpan())
            {
                if (grant.Kind == ScopeKind.Organization || grant.Project == ScopedGrant.Any) return ProjectSet.Everything;
                (projects ??= new HashSet<string>(StringComparer.Ordinal)).Add(_projectNames[grant.Project]);
            }
        }

        return projects is null ? ProjectSet.None : ProjectSet.Of(projects);
    }

    /// <summary>
    /// kubectl access on a cluster of <paramref name="projectId"/>. Cluster-wide: write from
    /// kubectl.fullaccess, read from kubectl.cluster.read, at organization or project scope.
    /// Per namespace (namespace-scoped bindings on the project or "*"): write from
    /// kubectl.namespace.write or kubectl.fullaccess, read from kubectl.namespace.read. Write supersedes read.
    /// </summary>
    public KubernetesAccess GetKubernetesAccess(string userId, string projectId)
    {
        if (!_usersById.TryGetValue(userId, out var user))
            return new KubernetesAccess(projectId, DenialReason.UnknownUser, KubernetesAccessLevel.None, null, null);
        if (!user.User.Active)
            return new KubernetesAccess(projectId, DenialReason.UserDeactivated, KubernetesAccessLevel.None, null, null);

        var project = IndexOf(_projectIndex, projectId);
        var clusterLevel = KubernetesAccessLevel.None;
        PolicyGrant? clusterGrant = null;
        Dictionary<string, NamespaceAccess>? namespaces = null;

        foreach (var table in user.GrantTables)
        {
            if (_kubectlFullAccess >= 0 && table[_kubectlFullAccess] is { } fullAccess)
            {
                foreach (ref readonly var grant in fullAccess.AsSpan())
                {
                    if (grant.CoversWholeProject(project))
                    {
                        if (clusterLevel < KubernetesAccessLevel.Write) (clusterLevel, clusterGrant) = (KubernetesAccessLevel.Write, grant.Grant);
                    }
                    else if (grant.IsNamespaceIn(project))
                    {
                        GrantNamespace(ref namespaces, grant, KubernetesAccessLevel.Write);
                    }
                }
            }

            if (clusterLevel < KubernetesAccessLevel.Read && _kubectlClusterRead >= 0 && table[_kubectlClusterRead] is { } clusterRead)
            {
                foreach (ref readonly var grant in clusterRead.AsSpan())
                {
                    if (!grant.CoversWholeProject(project)) continue;
                    (clusterLevel, clusterGrant) = (KubernetesAccessLevel.Read, grant.Grant);
                    break;
                }
            }

            GrantNamespaces(ref namespaces, table, _kubectlNamespaceWrite, project, KubernetesAccessLevel.Write);
            GrantNamespaces(ref namespaces, table, _kubectlNamespaceRead, project, KubernetesAccessLevel.Read);
        }

        var denial = clusterLevel == KubernetesAccessLevel.None && namespaces is null ? DenialReason.NoGrant : DenialReason.None;
        return new KubernetesAccess(projectId, denial, clusterLevel, clusterGrant, namespaces);
    }

    public User? FindUser(string userId) => _usersById.TryGetValue(userId, out var user) ? user.User : null;

    /// <summary>User names compare case-insensitively (ordinal), as e-mail addresses do in practice.</summary>
    public User? FindUserByName(string userName) => _usersByName.GetValueOrDefault(userName);

    public Group? FindGroup(string groupId) => _groupsById.GetValueOrDefault(groupId);

    public Group? FindGroupByName(string groupName) => _groupsByName.GetValueOrDefault(groupName);

    public Role? FindRole(string roleId) => _rolesById.GetValueOrDefault(roleId);

    public Role? FindRoleByName(string roleName) => _rolesByName.GetValueOrDefault(roleName);

    /// <summary>The groups the user is a member of; empty for an unknown user.</summary>
    public IReadOnlyList<Group> GetGroupsOfUser(string userId) =>
        _usersById.TryGetValue(userId, out var user) ? user.Groups : [];

    /// <summary>The members of the group; empty for an unknown group.</summary>
    public IReadOnlyList<User> GetMembersOfGroup(string groupId) =>
        _membersByGroupId.TryGetValue(groupId, out var members) ? members : [];

    private void GrantNamespaces(ref Dictionary<string, NamespaceAccess>? namespaces, ScopedGrant[]?[] table, int permission, int project, KubernetesAccessLevel level)
    {
        if (permission < 0 || table[permission] is not { } grants) return;
        foreach (ref readonly var grant in grants.AsSpan())
        {
            if (grant.IsNamespaceIn(project)) GrantNamespace(ref namespaces, grant, level);
        }
    }

    private void GrantNamespace(ref Dictionary<string, NamespaceAccess>? namespaces, in ScopedGrant grant, KubernetesAccessLevel level)
    {
        var name = grant.Namespace == ScopedGrant.Any ? BindingScope.Wildcard : _namespaceNames[grant.Namespace];
        namespaces ??= new Dictionary<string, NamespaceAccess>(StringComparer.Ordinal);
        if (!namespaces.TryGetValue(name, out var held) || held.Level < level) namespaces[name] = new NamespaceAccess(level, grant.Grant);
    }

    private static int IndexOf(FrozenDictionary<string, int> index, string name) =>
        index.TryGetValue(name, out var value) ? value : ScopedGrant.Unindexed;
}
