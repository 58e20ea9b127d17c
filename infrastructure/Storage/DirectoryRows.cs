using Azure;
using Azure.Data.Tables;
using Paralus.Domain.Directory;
using Paralus.Domain.Directory.Changes;
using Paralus.Domain.Model;

namespace Paralus.Infrastructure.Storage;

/// <summary>
/// How a <see cref="DirectoryChangeSet"/> becomes table operations: an entity row per entity (plus its name-index row
/// for kinds with unique names, which makes a taken name fail the transaction), a row per membership and per external
/// identity, the settings row. Each operation keeps the change it came from, so a commit split over several
/// transactions can announce, per transaction, the changes it holds.
/// </summary>
internal static class DirectoryRows
{
    public static IReadOnlyList<DirectoryRow> Of(DirectoryChangeSet changes)
    {
        var rows = new List<DirectoryRow>(changes.Count + 4);
        foreach (var change in changes.Changes)
        {
            switch (change)
            {
                case EntityCreated { Entity: var entity }:
                    rows.Add(new(new(TableTransactionActionType.Add, EntityRow(entity)), change));
                    if (NameIndexRow(entity) is { } nameIndex) rows.Add(new(new(TableTransactionActionType.Add, nameIndex), null));
                    break;
                case EntityReplaced { Entity: var entity, ETag: var etag }:
                    // A merge: columns kept beside the data (a user's password hash) stay as they are.
                    rows.Add(new(new(TableTransactionActionType.UpdateMerge, EntityRow(entity), new ETag(etag)), change));
                    break;
                case EntityDeleted { Entity: var entity, ETag: var etag }:
                    rows.Add(new(new(TableTransactionActionType.Delete, new TableEntity(string.Empty, RowKeys.Entity(EntityKinds.Of(entity), entity.Id)), new ETag(etag)), change));
                    if (NameIndexRow(entity) is { } deletedIndex) rows.Add(new(new(TableTransactionActionType.Delete, deletedIndex, ETag.All), null));
                    break;
                case PasswordSet { UserId: var userId, Hash: var hash }:
                    // One operation per row and transaction: joined to the user's own write when this change set has one.
                    var userKey = RowKeys.Entity(EntityKinds.User, userId);
                    if (rows.FindLast(r => r.Action.Entity.RowKey == userKey && r.Action.ActionType != TableTransactionActionType.Delete) is { } userRow)
                        ((TableEntity)userRow.Action.Entity)[PasswordHashColumn] = hash;
                    else
                        rows.Add(new(new(TableTransactionActionType.UpdateMerge, new TableEntity(string.Empty, userKey) { [PasswordHashColumn] = hash }, ETag.All), change));
                    break;
                case MembershipAdded { GroupId: var groupId, UserId: var userId }:
                    rows.Add(new(new(TableTransactionActionType.Add, new TableEntity(string.Empty, RowKeys.Membership(groupId, userId))
                    {
                        ["GroupId"] = groupId,
                        ["UserId"] = userId,
                    }), change));
                    break;
                case MembershipRemoved { GroupId: var groupId, UserId: var userId }:
                    rows.Add(new(new(TableTransactionActionType.Delete, new TableEntity(string.Empty, RowKeys.Membership(groupId, userId)), ETag.All), change));
                    break;
                case ExternalIdentityLinked { Issuer: var issuer, Subject: var subject, UserId: var userId }:
                    rows.Add(new(new(TableTransactionActionType.Add, new TableEntity(string.Empty, RowKeys.ExternalIdentity(issuer, subject)) { ["Id"] = userId }), change));
                    break;
                case ExternalIdentityUnlinked { Issuer: var issuer, Subject: var subject }:
                    rows.Add(new(new(TableTransactionActionType.Delete, new TableEntity(string.Empty, RowKeys.ExternalIdentity(issuer, subject)), ETag.All), change));
                    break;
                case SettingsReplaced { Settings: var settings, ETag: var etag }:
                    var row = new TableEntity(string.Empty, RowKeys.Settings) { [DataColumn] = StorageJson.Serialize(settings) };
                    rows.Add(new(etag is null ? new(TableTransactionActionType.Add, row) : new(TableTransactionActionType.UpdateReplace, row, new ETag(etag)), change));
                    break;
                default:
                    throw new ArgumentException($"{change.GetType().Name} has no table rows.", nameof(changes));
            }
        }
        return rows;
    }

    public const string DataColumn = "Data";

    public const string PasswordHashColumn = "PasswordHash";

    /// <summary>The row that holds an entity's unique name (null for kinds without one), pointing at its id.</summary>
    private static TableEntity? NameIndexRow(IDirectoryEntity entity) => EntityKinds.UniqueNameOf(entity) is { } name
        ? new TableEntity(string.Empty, RowKeys.NameIndex(EntityKinds.Of(entity), name)) { ["Id"] = entity.Id }
        : null;

    private static TableEntity EntityRow(IDirectoryEntity entity) => new(string.Empty, RowKeys.Entity(EntityKinds.Of(entity), entity.Id))
    {
        ["Kind"] = EntityKinds.Of(entity),
        [DataColumn] = StorageJson.Serialize(entity, entity.GetType()),
    };
}
