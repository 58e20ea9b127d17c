using System.Text.Json;
using Paralus.Domain.Directory;
using Paralus.Domain.Directory.Changes;
using Paralus.Domain.Model;

namespace Paralus.Domain.Tests.Commands;

/// <summary>A directory view built from entities, each stored at ETag <c>etag-ID</c>, for testing commands without storage.</summary>
internal sealed class TestDirectory
{
    public static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    private readonly List<IDirectoryEntity> _entities = [];
    private readonly List<GroupMembership> _memberships = [];
    private readonly Dictionary<string, string> _passwords = new(StringComparer.Ordinal);
    private OrganizationSettings? _settings;

    public static string ETagOf(IDirectoryEntity entity) => "etag-" + entity.Id;

    public TestDirectory With(params IDirectoryEntity[] entities)
    {
        _entities.AddRange(entities);
        return this;
    }

    public TestDirectory Member(Group group, User user)
    {
        _memberships.Add(new GroupMembership(group.Id, user.Id));
        return this;
    }

    public TestDirectory Password(User user, string hash)
    {
        _passwords[user.Id] = hash;
        return this;
    }

    public TestDirectory Settings(OrganizationSettings settings)
    {
        _settings = settings;
        return this;
    }

    public DirectoryView View() => new(
        new Organization("o-1", "acme", Now), 7, "etag-revision", _settings is null ? null : new Stored<OrganizationSettings>(_settings, "etag-settings"),
        Stored<Project>(), Stored<User>(), Stored<Group>(), Stored<Role>(), Stored<RoleBinding>(), Stored<Cluster>(), Stored<ApiKey>(),
        _memberships, _passwords, Stored<IdentityProvider>());

    private IEnumerable<Stored<T>> Stored<T>() where T : IDirectoryEntity =>
        _entities.OfType<T>().Select(e => new Stored<T>(e, ETagOf(e)));

    /// <summary>
    /// Changes as comparable text: records holding lists compare those by reference, so changes are compared by what
    /// they would store instead.
    /// </summary>
    public static IEnumerable<string> Describe(IEnumerable<DirectoryChange> changes) => changes.Select(change => change switch
    {
        EntityCreated c => $"created {JsonSerializer.Serialize(c.Entity, c.Entity.GetType())}",
        EntityReplaced r => $"replaced at {r.ETag} by {JsonSerializer.Serialize(r.Entity, r.Entity.GetType())}",
        EntityDeleted d => $"deleted at {d.ETag}: {JsonSerializer.Serialize(d.Entity, d.Entity.GetType())}",
        _ => change.ToString(),
    });
}
