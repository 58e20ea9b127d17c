using Azure;
using Azure.Data.Tables;

namespace Paralus.Infrastructure.Storage;

/// <summary>
/// Rows to write in one entity-group transaction. Inserts of entities add their name-index row, deletes remove it,
/// updates carry the ETag the caller read, so a concurrent change fails the whole transaction.
/// </summary>
public sealed class DirectoryChangeSet
{
    private readonly List<TableTransactionAction> _actions = [];

    internal IReadOnlyList<TableTransactionAction> Actions => _actions;

    public int Count => _actions.Count;

    public DirectoryChangeSet Insert<T>(string kind, string id, string? uniqueName, T value, IDictionary<string, object>? extra = null)
    {
        _actions.Add(new(TableTransactionActionType.Add, EntityRow(kind, id, value, extra)));
        if (uniqueName is not null)
        {
            _actions.Add(new(TableTransactionActionType.Add, new TableEntity(string.Empty, RowKeys.NameIndex(kind, uniqueName)) { ["Id"] = id }));
        }
        return this;
    }

    public DirectoryChangeSet Update<T>(string kind, string id, T value, string etag, IDictionary<string, object>? extra = null)
    {
        _actions.Add(new(TableTransactionActionType.UpdateReplace, EntityRow(kind, id, value, extra), new ETag(etag)));
        return this;
    }

    public DirectoryChangeSet Delete(string kind, string id, string? uniqueName, string etag)
    {
        _actions.Add(new(TableTransactionActionType.Delete, new TableEntity(string.Empty, RowKeys.Entity(kind, id)), new ETag(etag)));
        if (uniqueName is not null)
        {
            _actions.Add(new(TableTransactionActionType.Delete, new TableEntity(string.Empty, RowKeys.NameIndex(kind, uniqueName)), ETag.All));
        }
        return this;
    }

    public DirectoryChangeSet AddMembership(string groupId, string userId)
    {
        _actions.Add(new(TableTransactionActionType.Add, new TableEntity(string.Empty, RowKeys.Membership(groupId, userId))
        {
            ["GroupId"] = groupId,
            ["UserId"] = userId,
        }));
        return this;
    }

    public DirectoryChangeSet RemoveMembership(string groupId, string userId)
    {
        _actions.Add(new(TableTransactionActionType.Delete, new TableEntity(string.Empty, RowKeys.Membership(groupId, userId)), ETag.All));
        return this;
    }

    public DirectoryChangeSet AddExternalIdentity(string issuer, string subject, string userId)
    {
        _actions.Add(new(TableTransactionActionType.Add, new TableEntity(string.Empty, RowKeys.ExternalIdentity(issuer, subject)) { ["Id"] = userId }));
        return this;
    }

    public DirectoryChangeSet RemoveExternalIdentity(string issuer, string subject)
    {
        _actions.Add(new(TableTransactionActionType.Delete, new TableEntity(string.Empty, RowKeys.ExternalIdentity(issuer, subject)), ETag.All));
        return this;
    }

    /// <summary>Adds another change set's rows after this one's.</summary>
    public DirectoryChangeSet Append(DirectoryChangeSet other)
    {
        _actions.AddRange(other._actions);
        return this;
    }

    public DirectoryChangeSet PutSettings<T>(T settings, string? etag)
    {
        var row = new TableEntity(string.Empty, RowKeys.Settings) { ["Data"] = StorageJson.Serialize(settings) };
        _actions.Add(etag is null
            ? new(TableTransactionActionType.Add, row)
            : new(TableTransactionActionType.UpdateReplace, row, new ETag(etag)));
        return this;
    }

    private static TableEntity EntityRow<T>(string kind, string id, T value, IDictionary<string, object>? extra)
    {
        var row = new TableEntity(string.Empty, RowKeys.Entity(kind, id))
        {
            ["Kind"] = kind,
            ["Data"] = StorageJson.Serialize(value),
        };
        if (extra is not null)
        {
            foreach (var (key, column) in extra) row[key] = column;
        }
        return row;
    }
}
