using System.Collections.Frozen;
using Paralus.Domain.Model;

namespace Paralus.Domain.Policy;

public sealed partial class PolicySnapshot
{
    private PolicySnapshot(
        long version,
        FrozenDictionary<string, CompiledUser> usersById,
        FrozenDictionary<string, User> usersByName,
        FrozenDictionary<string, Group> groupsById,
        FrozenDictionary<string, Group> groupsByName,
        FrozenDictionary<string, Role> rolesById,
        FrozenDictionary<string, Role> rolesByName,
        FrozenDictionary<string, User[]> membersByGroupId,
        FrozenDictionary<string, int> permissionIndex,
        FrozenDictionary<string, int> projectIndex,
        FrozenDictionary<string, int> namespaceIndex,
        string[] projectNames,
        string[] namespaceNames)
    {
        Version = version;
        _usersById = usersById;
        _usersByName = usersByName;
        _groupsById = groupsById;
        _groupsByName = groupsByName;
        _rolesById = rolesById;
        _rolesByName = rolesByName;
        _membersByGroupId = membersByGroupId;
        _permissionIndex = permissionIndex;
        _projectIndex = projectIndex;
        _namespaceIndex = namespaceIndex;
        _projectNames = projectNames;
        _namespaceNames = namespaceNames;
        _kubectlFullAccess = permissionIndex.GetValueOrDefault(Permissions.KubectlFullAccess, -1);
        _kubectlClusterRead = permissionIndex.GetValueOrDefault(Permissions.KubectlClusterRead, -1);
        _kubectlNamespaceRead = permissionIndex.GetValueOrDefault(Permissions.KubectlNamespaceRead, -1);
        _kubectlNamespaceWrite = permissionIndex.GetValueOrDefault(Permissions.KubectlNamespaceWrite, -1);
    }

    /// <summary>
    /// Compiles a directory. Rows that point at nothing (a binding to an unknown role or subject, a
    /// membership of an unknown user or group, a scope missing its project or namespace) are left
    /// out, so they grant nothing; when ids repeat, the first row wins.
    /// </summary>
    public static PolicySnapshot Build(DirectoryState state, long version)
    {
        ArgumentNullException.ThrowIfNull(state);

        var userIndex = new Dictionary<string, int>(state.Users.Count, StringComparer.Ordinal);
        var users = new List<User>(state.Users.Count);
        foreach (var user in state.Users)
        {
            if (userIndex.TryAdd(user.Id, users.Count)) users.Add(user);
        }

        var groupIndex = new Dictionary<string, int>(state.Groups.Count, StringComparer.Ordinal);
        var groups = new List<Group>(state.Groups.Count);
        foreach (var group in state.Groups)
        {
            if (groupIndex.TryAdd(group.Id, groups.Count)) groups.Add(group);
        }

        var rolesById = new Dictionary<string, Role>(state.Roles.Count, StringComparer.Ordinal);
        var permissionIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var rolePermissions = new Dictionary<string, int[]>(state.Roles.Count, StringComparer.Ordinal);
        foreach (var role in state.Roles)
        {
            if (!rolesById.TryAdd(role.Id, role)) continue;
            var indices = new List<int>(role.Permissions.Count);
            foreach (var permission in role.Permissions)
            {
                if (!permissionIndex.TryGetValue(permission, out var index)) permissionIndex.Add(permission, index = permissionIndex.Count);
                if (!indices.Contains(index)) indices.Add(index);
            }

            rolePermissions.Add(role.Id, [.. indices]);
        }

        var (groupsOfUser, membersOfGroup) = IndexMemberships(state.Memberships, userIndex, groupIndex, users.Count, groups.Count);
        var projectIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var namespaceIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var grantTables = CompileGrantTables(state.Bindings, userIndex, groupIndex, groups, rolesById, rolePermissions,
            permissionIndex.Count, projectIndex, namespaceIndex);

        var usersById = new Dictionary<string, CompiledUser>(users.Count, StringComparer.Ordinal);
        var usersByName = new Dictionary<string, User>(users.Count, StringComparer.OrdinalIgnoreCase);
        for (var u = 0; u < users.Count; u++)
        {
            var ownTable = grantTables[u];
            var memberOf = groupsOfUser[u];
            var tableCount = ownTable is null ? 0 : 1;
            foreach (var g in memberOf)
            {
                if (grantTables[users.Count + g] is not null) tableCount++;
            }

            var tables = new ScopedGrant[]?[tableCount][];
            var next = 0;
            if (ownTable is not null) tables[next++] = ownTable;
            var userGroups = new Group[memberOf.Count];
            for (var i = 0; i < memberOf.Count; i++)
            {
                userGroups[i] = groups[memberOf[i]];
                if (grantTables[users.Count + memberOf[i]] is { } groupTable) tables[next++] = groupTable;
            }

            usersById.Add(users[u].Id, new CompiledUser(users[u], tables, userGroups));
            usersByName.TryAdd(users[u].Name, users[u]);
        }

        var membersByGroupId = new Dictionary<string, User[]>(groups.Count, StringComparer.Ordinal);
        for (var g = 0; g < groups.Count; g++)
        {
            var members = new User[membersOfGroup[g].Count];
            for (var i = 0; i < members.Length; i++) members[i] = users[membersOfGroup[g][i]];
            membersByGroupId.Add(groups[g].Id, members);
        }

        var groupsByName = new Dictionary<string, Group>(groups.Count, StringComparer.Ordinal);
        foreach (var group in groups) groupsByName.TryAdd(group.Name, group);
        var rolesByName = new Dictionary<string, Role>(rolesById.Count, StringComparer.Ordinal);
        foreach (var role in rolesById.Values) rolesByName.TryAdd(role.Name, role);

        return new PolicySnapshot(
            version,
            usersById.ToFrozenDictionary(StringComparer.Ordinal),
            usersByName.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase),
            groups.ToFrozenDictionary(g => g.Id, StringComparer.Ordinal),
            groupsByName.ToFrozenDictionary(StringComparer.Ordinal),
            rolesById.ToFrozenDictionary(StringComparer.Ordinal),
            rolesByName.ToFrozenDictionary(StringComparer.Ordinal),
            membersByGroupId.ToFrozenDictionary(StringComparer.Ordinal),
            permissionIndex.ToFrozenDictionary(StringComparer.Ordinal),
            projectIndex.ToFrozenDictionary(StringComparer.Ordinal),
            namespaceIndex.ToFrozenDictionary(StringComparer.Ordinal),
            NamesByIndex(projectIndex),
            NamesByIndex(namespaceIndex));
    }

    private static (List<int>[] GroupsOfUser, List<int>[] MembersOfGroup) IndexMemberships(
        IReadOnlyList<GroupMembership> memberships, Dictionary<string, int> userIndex, Dictionary<string, int> groupIndex,
        int userCount, int groupCount)
    {
        var groupsOfUser = new List<int>[userCount];
        for (var u = 0; u < userCount; u++) groupsOfUser[u] = [];
        var membersOfGroup = new List<int>[groupCount];
        for (var g = 0; g < groupCount; g++) membersOfGroup[g] = [];

        foreach (var membership in memberships)
        {
            if (!userIndex.TryGetValue(membership.UserId, out var u) || !groupIndex.TryGetValue(membership.GroupId, out var g)) continue;
            // A user is in a handful of groups, so a linear duplicate check is cheaper than a set.
            if (groupsOfUser[u].Contains(g)) continue;
            groupsOfUser[u].Add(g);
            membersOfGroup[g].Add(u);
        }

        return (groupsOfUser, membersOfGroup);
    }

    /// <summary>
    /// One grant table per subject (users first, then groups; null for a subject without bindings).
    /// Two passes over the bindings, counting then filling, so each per-permission array is allocated
    /// once at its final size; bindings are visited in the order the arrays must keep.
    /// </summary>
    private static ScopedGrant[]?[]?[] CompileGrantTables(
        IReadOnlyList<RoleBinding> bindings, Dictionary<string, int> userIndex, Dictionary<string, int> groupIndex,
        List<Group> groups, Dictionary<string, Role> rolesById, Dictionary<string, int[]> rolePermissions, int permissionCount,
        Dictionary<string, int> projectIndex, Dictionary<string, int> namespaceIndex)
    {
        var compiled = new List<(int Subject, int[] Permissions, ScopedGrant Grant)>(bindings.Count);
        foreach (var binding in bindings)
        {
            if (!rolesById.TryGetValue(binding.RoleId, out var role) || !TryIndexScope(binding.Scope, projectIndex, namespaceIndex, out var project, out var @namespace))
                continue;

            int subject;
            string? viaGroup = null;
            if (binding.Subject.Kind == SubjectKind.User)
            {
                if (!userIndex.TryGetValue(binding.Subject.Id, out subject)) continue;
            }
            else
            {
                if (!groupIndex.TryGetValue(binding.Subject.Id, out var g)) continue;
                subject = userIndex.Count + g;
                viaGroup = groups[g].Name;
            }

            var grant = new PolicyGrant(binding.Id, role.Name, binding.Scope, viaGroup);
            compiled.Add((subject, rolePermissions[role.Id], new ScopedGrant(binding.Scope.Kind, project, @namespace, grant)));
        }

        // The order ScopedGrant's searches rely on: by project ("*" first), broader kinds first, then directory order.
        var ordered = compiled.Index()
            .OrderBy(c => c.Item.Grant.Project)
            .ThenBy(c => c.Item.Grant.Kind)
            .ThenBy(c => c.Index)
            .Select(c => c.Item)
            .ToArray();

        var subjectCount = userIndex.Count + groups.Count;
        var counts = new int[subjectCount * permissionCount];
        foreach (var (subject, permissions, _) in ordered)
        {
            foreach (var permission in permissions) counts[subject * permissionCount + permission]++;
        }

        var tables = new ScopedGrant[]?[]?[subjectCount];
        for (var s = 0; s < subjectCount; s++)
        {
            for (var p = 0; p < permissionCount; p++)
            {
                var count = counts[s * permissionCount + p];
                if (count == 0) continue;
                (tables[s] ??= new ScopedGrant[]?[permissionCount])[p] = new ScopedGrant[count];
            }
        }

        // Filling from the back while walking backwards leaves each array in walking-forwards order.
        for (var i = ordered.Length - 1; i >= 0; i--)
        {
            var (subject, permissions, grant) = ordered[i];
            foreach (var permission in permissions)
            {
                var slot = --counts[subject * permissionCount + permission];
                tables[subject]![permission]![slot] = grant;
            }
        }

        return tables;
    }

    private static bool TryIndexScope(BindingScope scope, Dictionary<string, int> projectIndex, Dictionary<string, int> namespaceIndex,
        out int project, out int @namespace)
    {
        project = ScopedGrant.Any;
        @namespace = ScopedGrant.Any;
        switch (scope.Kind)
        {
            case ScopeKind.Organization:
                return true;
            case ScopeKind.Project when scope.ProjectId is not null:
                project = Intern(projectIndex, scope.ProjectId);
                return true;
            case ScopeKind.Namespace when scope.ProjectId is not null && scope.Namespace is not null:
                project = Intern(projectIndex, scope.ProjectId);
                @namespace = Intern(namespaceIndex, scope.Namespace);
                return true;
            default:
                return false;
        }
    }

    private static int Intern(Dictionary<string, int> index, string name)
    {
        if (name == BindingScope.Wildcard) return ScopedGrant.Any;
        if (!index.TryGetValue(name, out var value)) index.Add(name, value = index.Count);
        return value;
    }

    private static string[] NamesByIndex(Dictionary<string, int> index)
    {
        var names = new string[index.Count];
        foreach (var (name, value) in index) names[value] = name;
        return names;
    }
}
