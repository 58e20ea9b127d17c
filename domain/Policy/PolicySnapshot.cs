using System.Collections.Frozen;
using Paralus.Domain.Model;

namespace Paralus.Domain.Policy;

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
                if (table[index] is { } grants && FindCovering(grants, target.Kind, project, @namespace) is { } grant)
                    return PolicyDecision.Allow(grant, permission, target);
            }
        }

        return PolicyDecision.Deny(DenialReason.NoGrant, permission, target);
    }

    /// <summary>
    /// The projects in which the user holds <paramref name="permission"/> at any scope, namespace scopes
    /// included. Every project when an organization binding, or any binding on project "*" (a namespace
    /// binding on "*" too, since it reaches that namespace in every project), grants it.
    /// </summary>
    public ProjectSet GetProjectsWith(string userId, string permission)
    {
        if (!_usersById.TryGetValue(userId, out var user) || !user.User.Active) return ProjectSet.None;
        if (!_permissionIndex.TryGetValue(permission, out var index)) return ProjectSet.None;

        HashSet<string>? projects = null;
        foreach (var table in user.GrantTables)
        {
            if (table[index] is not { Length: > 0 } grants) continue;
            // Sorted by project, "*" and organization first: a wildcard, if any, is at the front.
            if (grants[0].Project == ScopedGrant.Any) return ProjectSet.Everything;
            projects ??= new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < grants.Length; i++)
            {
                if (i == 0 || grants[i].Project != grants[i - 1].Project) projects.Add(_projectNames[grants[i].Project]);
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
        var access = new KubernetesAccessAccumulator(_namespaceNames);
        foreach (var table in user.GrantTables)
        {
            Collect(ref access, table, _kubectlFullAccess, project, KubernetesAccessLevel.Write, KubernetesAccessLevel.Write);
            Collect(ref access, table, _kubectlClusterRead, project, KubernetesAccessLevel.Read, KubernetesAccessLevel.None);
            Collect(ref access, table, _kubectlNamespaceWrite, project, KubernetesAccessLevel.None, KubernetesAccessLevel.Write);
            Collect(ref access, table, _kubectlNamespaceRead, project, KubernetesAccessLevel.None, KubernetesAccessLevel.Read);
        }

        return access.ToAccess(projectId);
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

    private static PolicyGrant? FindCovering(ReadOnlySpan<ScopedGrant> grants, ScopeKind kind, int project, int @namespace)
    {
        foreach (ref readonly var grant in ScopedGrant.AnyProject(grants))
        {
            if (grant.Covers(kind, project, @namespace)) return grant.Grant;
        }

        foreach (ref readonly var grant in ScopedGrant.OfProject(grants, project))
        {
            if (grant.Covers(kind, project, @namespace)) return grant.Grant;
        }

        return null;
    }

    /// <summary>
    /// Adds what one kubectl permission gives in the project: <paramref name="clusterLevel"/> where it is
    /// granted at organization or project scope, <paramref name="namespaceLevel"/> where at namespace scope.
    /// </summary>
    private static void Collect(ref KubernetesAccessAccumulator access, ScopedGrant[]?[] table, int permission, int project,
        KubernetesAccessLevel clusterLevel, KubernetesAccessLevel namespaceLevel)
    {
        if (permission < 0 || table[permission] is not { } grants) return;
        foreach (ref readonly var grant in ScopedGrant.AnyProject(grants)) access.Add(grant, clusterLevel, namespaceLevel);
        foreach (ref readonly var grant in ScopedGrant.OfProject(grants, project)) access.Add(grant, clusterLevel, namespaceLevel);
    }

    private static int IndexOf(FrozenDictionary<string, int> index, string name) =>
        index.TryGetValue(name, out var value) ? value : ScopedGrant.Unindexed;
}
