using System.Collections.Frozen;
using Paralus.Domain.Model;

namespace Paralus.Domain.Directory;

/// <summary>
/// One organization's whole directory at one revision. Immutable: the API reads from it and plans changes against it;
/// a newer revision produces a new view.
/// </summary>
public sealed class DirectoryView
{
    public DirectoryView(
        Organization organization,
        long revision,
        string revisionETag,
        Stored<OrganizationSettings>? settings,
        IEnumerable<Stored<Project>> projects,
        IEnumerable<Stored<User>> users,
        IEnumerable<Stored<Group>> groups,
        IEnumerable<Stored<Role>> roles,
        IEnumerable<Stored<RoleBinding>> bindings,
        IEnumerable<Stored<Cluster>> clusters,
        IEnumerable<Stored<ApiKey>> apiKeys,
        IEnumerable<GroupMembership> memberships,
        IReadOnlyDictionary<string, string> passwordHashes,
        IEnumerable<Stored<IdentityProvider>>? identityProviders = null)
    {
        Organization = organization;
        Revision = revision;
        RevisionETag = revisionETag;
        Settings = settings ?? new Stored<OrganizationSettings>(OrganizationSettings.Defaults, string.Empty);
        HasStoredSettings = settings is not null;
        Projects = ById(projects, p => p.Id);
        Users = ById(users, u => u.Id);
        Groups = ById(groups, g => g.Id);
        Roles = ById(roles, r => r.Id);
        Bindings = ById(bindings, b => b.Id);
        Clusters = ById(clusters, c => c.Id);
        ApiKeys = ById(apiKeys, k => k.Id);
        Memberships = memberships.ToArray();
        _passwordHashes = passwordHashes.ToFrozenDictionary();
        _projectsByName = ByName(Projects.Values, p => p.Name);
        _usersByName = ByName(Users.Values, u => u.Name);
        _groupsByName = ByName(Groups.Values, g => g.Name);
        _rolesByName = ByName(Roles.Values, r => r.Name);
        _clustersByName = ByName(Clusters.Values, c => c.Name);
        IdentityProviders = ById(identityProviders ?? [], p => p.Id);
        _identityProvidersByName = ByName(IdentityProviders.Values, p => p.Name);
        // Only sign-ins look users up this way; relays rebuild views on every access event and never do.
        _usersByExternalIdentity = new(() => Users.Values.Where(u => u.Value is { Issuer: not null, Subject: not null })
            .ToFrozenDictionary(u => (u.Value.Issuer!, u.Value.Subject!)));
        _state = new Lazy<DirectoryState>(() => new DirectoryState(
            Projects.Values.Select(p => p.Value).ToArray(),
            Users.Values.Select(u => u.Value).ToArray(),
            Groups.Values.Select(g => g.Value).ToArray(),
            Memberships,
            Roles.Values.Select(r => r.Value).ToArray(),
            Bindings.Values.Select(b => b.Value).ToArray()));
    }

    private readonly FrozenDictionary<string, Stored<Project>> _projectsByName;
    private readonly FrozenDictionary<string, Stored<User>> _usersByName;
    private readonly FrozenDictionary<string, Stored<Group>> _groupsByName;
    private readonly FrozenDictionary<string, Stored<Role>> _rolesByName;
    private readonly FrozenDictionary<string, Stored<Cluster>> _clustersByName;
    private readonly FrozenDictionary<string, Stored<IdentityProvider>> _identityProvidersByName;
    private readonly Lazy<FrozenDictionary<(string Issuer, string Subject), Stored<User>>> _usersByExternalIdentity;
    private readonly Lazy<DirectoryState> _state;

    public Organization Organization { get; }

    public long Revision { get; }

    /// <summary>The version of the revision itself: a commit planned on this view succeeds only while it is current.</summary>
    public string RevisionETag { get; }

    public Stored<OrganizationSettings> Settings { get; }

    public bool HasStoredSettings { get; }

    public FrozenDictionary<string, Stored<Project>> Projects { get; }

    public FrozenDictionary<string, Stored<User>> Users { get; }

    public FrozenDictionary<string, Stored<Group>> Groups { get; }

    public FrozenDictionary<string, Stored<Role>> Roles { get; }

    public FrozenDictionary<string, Stored<RoleBinding>> Bindings { get; }

    public FrozenDictionary<string, Stored<Cluster>> Clusters { get; }

    public FrozenDictionary<string, Stored<ApiKey>> ApiKeys { get; }

    public IReadOnlyList<GroupMembership> Memberships { get; }

    public FrozenDictionary<string, Stored<IdentityProvider>> IdentityProviders { get; }

    // Local users' password hashes by user id; kept apart from User so they never reach an API response.
    private readonly FrozenDictionary<string, string> _passwordHashes;

    /// <summary>The policy engine's input.</summary>
    public DirectoryState State => _state.Value;

    public Stored<Project>? ProjectByName(string name) => _projectsByName.GetValueOrDefault(name);

    public Stored<User>? UserByName(string name) => _usersByName.GetValueOrDefault(name);

    public Stored<Group>? GroupByName(string name) => _groupsByName.GetValueOrDefault(name);

    public Stored<Role>? RoleByName(string name) => _rolesByName.GetValueOrDefault(name);

    public Stored<Cluster>? ClusterByName(string name) => _clustersByName.GetValueOrDefault(name);

    public Stored<IdentityProvider>? IdentityProviderByName(string name) => _identityProvidersByName.GetValueOrDefault(name);

    /// <summary>The user an identity provider's account is linked to: by issuer and subject, exactly (they are case-sensitive).</summary>
    public Stored<User>? UserByExternalIdentity(string issuer, string subject) => _usersByExternalIdentity.Value.GetValueOrDefault((issuer, subject));

    public string? PasswordHashOf(string userId) => _passwordHashes.GetValueOrDefault(userId);

    /// <summary>The groups a user is a member of.</summary>
    public HashSet<string> GroupIdsOf(string userId) => Memberships.Where(m => m.UserId == userId).Select(m => m.GroupId).ToHashSet(StringComparer.Ordinal);

    /// <summary>The name of the identity provider the user signs in with; null for a local account (or a provider since deleted).</summary>
    public string? IdentityProviderNameOf(User user) =>
        user.IdentityProviderId is { } id && IdentityProviders.TryGetValue(id, out var provider) ? provider.Value.Name : null;

    /// <summary>The role bindings that apply to a user: bound to them, or to a group they are in.</summary>
    public IEnumerable<RoleBinding> BindingsOf(string userId)
    {
        var groupIds = GroupIdsOf(userId);
        return Bindings.Values.Select(b => b.Value)
            .Where(b => b.Subject.Kind == SubjectKind.User ? b.Subject.Id == userId : groupIds.Contains(b.Subject.Id));
    }

    private static FrozenDictionary<string, Stored<T>> ById<T>(IEnumerable<Stored<T>> items, Func<T, string> id) =>
        items.ToFrozenDictionary(i => id(i.Value), StringComparer.Ordinal);

    private static FrozenDictionary<string, Stored<T>> ByName<T>(IEnumerable<Stored<T>> items, Func<T, string> name) =>
        items.ToFrozenDictionary(i => name(i.Value), StringComparer.OrdinalIgnoreCase);
}
