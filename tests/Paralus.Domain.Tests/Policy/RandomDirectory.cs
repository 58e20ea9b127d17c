using Paralus.Domain.Model;
using Paralus.Domain.Policy;

namespace Paralus.Domain.Tests.Policy;

/// <summary>
/// Small random organizations drawn from small pools of names, so that bindings, wildcards,
/// memberships and questions collide often; a few rows point at things that do not exist.
/// </summary>
internal sealed class RandomDirectory(int seed)
{
    private static readonly string[] ProjectPool = ["p0", "p1", "p2", "p3"];
    private static readonly string[] NamespacePool = ["n0", "n1", "n2"];

    public static readonly string[] PermissionPool =
    [
        Permissions.ClusterRead, Permissions.ClusterWrite, Permissions.ProjectRead, Permissions.UserWrite,
        Permissions.KubectlFullAccess, Permissions.KubectlClusterRead, Permissions.KubectlNamespaceRead,
        Permissions.KubectlNamespaceWrite, "custom.thing", "never.granted",
    ];

    private readonly Random _random = new(seed);

    public DirectoryState State { get; private set; } = null!;

    public DirectoryState Next()
    {
        var users = Enumerable.Range(0, _random.Next(1, 8))
            .Select(i => SeedDirectory.Person($"u{i}", $"user{i}@example.test") with { Active = _random.Next(5) > 0 })
            .ToList();
        var groups = Enumerable.Range(0, _random.Next(0, 5))
            .Select(i => new Group($"g{i}", $"Group {i}", "", GroupKind.Custom, SeedDirectory.Epoch))
            .ToList();
        var memberships = Enumerable.Range(0, _random.Next(0, 14))
            .Select(_ => new GroupMembership(Pick(groups.Select(g => g.Id), "g-missing"), Pick(users.Select(u => u.Id), "u-missing")))
            .ToList();
        var roles = BuiltInRoles.All.Concat(Enumerable.Range(0, 3).Select(i => new Role(
                $"role-custom-{i}", $"custom-{i}", "", ScopeKind.Project,
                PermissionPool.Where(_ => _random.Next(3) == 0).ToArray(), BuiltIn: false)))
            .ToList();
        var bindings = Enumerable.Range(0, _random.Next(0, 14))
            .Select(i => new RoleBinding(
                $"rb{i}",
                _random.Next(2) == 0
                    ? SubjectRef.User(Pick(users.Select(u => u.Id), "u-missing"))
                    : SubjectRef.Group(Pick(groups.Select(g => g.Id), "g-missing")),
                Pick(roles.Select(r => r.Id), "role-missing"),
                NextScope(),
                SeedDirectory.Epoch))
            .ToList();

        State = new DirectoryState([], users, groups, memberships, roles, bindings);
        return State;
    }

    public string NextUserId() => Pick(State.Users.Select(u => u.Id), "u-missing");

    public string NextPermission() => PermissionPool[_random.Next(PermissionPool.Length)];

    /// <summary>Concrete targets only ("*" is a binding's word, not a question's), sometimes naming an unknown project.</summary>
    public PolicyTarget NextTarget() => _random.Next(6) switch
    {
        0 => PolicyTarget.Organization,
        1 or 2 => PolicyTarget.ForProject(NextProjectId()),
        _ => PolicyTarget.ForNamespace(NextProjectId(), Pick(NamespacePool, "n-other")),
    };

    public string NextProjectId() => Pick(ProjectPool, "p-other");

    private BindingScope NextScope()
    {
        string ProjectOrAny() => _random.Next(5) == 0 ? BindingScope.Wildcard : ProjectPool[_random.Next(ProjectPool.Length)];
        string NamespaceOrAny() => _random.Next(5) == 0 ? BindingScope.Wildcard : NamespacePool[_random.Next(NamespacePool.Length)];
        return _random.Next(7) switch
        {
            0 => BindingScope.Organization,
            1 or 2 or 3 => BindingScope.ForProject(ProjectOrAny()),
            _ => BindingScope.ForNamespace(ProjectOrAny(), NamespaceOrAny()),
        };
    }

    /// <summary>One of the known ids, or now and then the dangling one.</summary>
    private string Pick(IEnumerable<string> known, string dangling)
    {
        var ids = known as IReadOnlyList<string> ?? known.ToList();
        return ids.Count == 0 || _random.Next(12) == 0 ? dangling : ids[_random.Next(ids.Count)];
    }
}
