using Paralus.Domain.Directory.Changes;
using Paralus.Domain.Model;

namespace Paralus.Domain.Directory;

/// <summary>
/// What one directory write does, committed all at once (or, when larger than one storage transaction, in order:
/// put dependents first and the owning entity last, so a partial commit never leaves dangling references).
/// Replacements and deletions carry the version they were planned on, so a concurrent change fails the commit.
/// </summary>
public sealed class DirectoryChangeSet
{
    private readonly List<DirectoryChange> _changes = [];

    public IReadOnlyList<DirectoryChange> Changes => _changes;

    public int Count => _changes.Count;

    public DirectoryChangeSet Create(IDirectoryEntity entity) => Add(new EntityCreated(entity));

    public DirectoryChangeSet Replace(IDirectoryEntity entity, string etag) => Add(new EntityReplaced(entity, etag));

    public DirectoryChangeSet Delete<T>(Stored<T> stored) where T : IDirectoryEntity => Add(new EntityDeleted(stored.Value, stored.ETag));

    public DirectoryChangeSet SetPassword(string userId, string hash) => Add(new PasswordSet(userId, hash));

    public DirectoryChangeSet AddMembership(string groupId, string userId) => Add(new MembershipAdded(groupId, userId));

    public DirectoryChangeSet RemoveMembership(string groupId, string userId) => Add(new MembershipRemoved(groupId, userId));

    public DirectoryChangeSet LinkExternalIdentity(string issuer, string subject, string userId) => Add(new ExternalIdentityLinked(issuer, subject, userId));

    public DirectoryChangeSet UnlinkExternalIdentity(string issuer, string subject) => Add(new ExternalIdentityUnlinked(issuer, subject));

    public DirectoryChangeSet ReplaceSettings(OrganizationSettings settings, string? etag) => Add(new SettingsReplaced(settings, etag));

    /// <summary>Adds another change set's changes after this one's.</summary>
    public DirectoryChangeSet Append(DirectoryChangeSet other)
    {
        _changes.AddRange(other._changes);
        return this;
    }

    private DirectoryChangeSet Add(DirectoryChange change)
    {
        _changes.Add(change);
        return this;
    }
}
