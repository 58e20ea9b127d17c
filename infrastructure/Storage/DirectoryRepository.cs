using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Paralus.Domain.AccessEvents;
using Paralus.Domain.Directory;
using Paralus.Domain.Directory.Changes;
using Paralus.Domain.Model;

namespace Paralus.Infrastructure.Storage;

/// <summary>
/// Reads and writes an organization's directory in Table Storage: one partition per organization, every commit
/// an entity-group transaction that also advances the revision row under its ETag, so two writers planning
/// against the same revision cannot both commit.
/// </summary>
public sealed class DirectoryRepository
{
    /// <summary>Azure Tables allows 100 operations per transaction; one is the revision row, one may be the outbox row.</summary>
    private const int MaxChangesPerTransaction = 98;
    // A load repeats at most this often while commits keep landing during its query (see LoadAsync).
    private const int MaxLoadAttempts = 3;

    private readonly TableClient _directory;
    private readonly TableClient _organizations;
    private readonly TimeProvider _time;

    public DirectoryRepository(TableServiceClient service, IOptions<TableStorageOptions> options, TimeProvider time)
    {
        _time = time;
        _directory = service.GetTableClient(options.Value.TablePrefix + "directory");
        _organizations = service.GetTableClient(options.Value.TablePrefix + "organizations");
    }

    public async Task EnsureTablesAsync(CancellationToken cancellationToken)
    {
        await _directory.CreateIfNotExistsAsync(cancellationToken);
        await _organizations.CreateIfNotExistsAsync(cancellationToken);
    }

    public async Task<string?> FindOrganizationIdAsync(string name, CancellationToken cancellationToken)
    {
        var row = await _organizations.GetEntityIfExistsAsync<TableEntity>("organization", RowKeys.Escape(name.ToLowerInvariant()), cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetString("Id") : null;
    }

    /// <summary>Creates the organization's registry row and its revision row; false if it already existed.</summary>
    public async Task<bool> TryCreateOrganizationAsync(Organization organization, CancellationToken cancellationToken)
    {
        try
        {
            await _organizations.AddEntityAsync(new TableEntity("organization", RowKeys.Escape(organization.Name.ToLowerInvariant()))
            {
                ["Id"] = organization.Id,
            }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }

        await _directory.UpsertEntityAsync(new TableEntity(organization.Id, RowKeys.Revision) { ["Revision"] = 0L }, TableUpdateMode.Replace, cancellationToken);
        await _directory.UpsertEntityAsync(new TableEntity(organization.Id, RowKeys.Organization)
        {
            [DirectoryRows.DataColumn] = StorageJson.Serialize(organization),
        }, TableUpdateMode.Replace, cancellationToken);
        return true;
    }

    /// <summary>
    /// A single point read of the revision row (0 and no ETag before the first commit): lets a cache tell whether its
    /// view is still current, and labels a load.
    /// </summary>
    public async Task<(long Revision, string ETag)> ReadRevisionAsync(string organizationId, CancellationToken cancellationToken)
    {
        var row = await _directory.GetEntityIfExistsAsync<TableEntity>(organizationId, RowKeys.Revision, ["Revision"], cancellationToken);
        return row.HasValue ? (row.Value!.GetInt64("Revision") ?? 0, row.Value.ETag.ToString()) : (0, string.Empty);
    }

    public async Task<DirectoryView> LoadAsync(string organizationId, CancellationToken cancellationToken) =>
        await LoadAsync(organizationId, await ReadRevisionAsync(organizationId, cancellationToken), cancellationToken);

    /// <summary>
    /// The organization's whole partition as a view labelled with a revision whose commits it holds in full. A
    /// partition query is paged, and a commit landing while it runs can put rows behind the pages already read while
    /// its revision row is read later: such a view would claim a revision whose changes it lacks, and a relay would
    /// not reload it until the next change. So the label is <paramref name="readBefore"/>, the revision row read
    /// before the query, and the query runs again when a commit landed meanwhile (the content is then at least as new
    /// as its label, which is safe: whoever holds it reloads on the next revision they see).
    /// </summary>
    public async Task<DirectoryView> LoadAsync(string organizationId, (long Revision, string ETag) readBefore, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var view = await QueryAsync(organizationId, readBefore.Revision, readBefore.ETag, cancellationToken);
            if (attempt == MaxLoadAttempts) return view;
            var readAfter = await ReadRevisionAsync(organizationId, cancellationToken);
            if (readAfter.Revision == readBefore.Revision) return view;
            readBefore = readAfter;
        }
    }

    private async Task<DirectoryView> QueryAsync(string organizationId, long revision, string revisionETag, CancellationToken cancellationToken)
    {
        Organization? organization = null;
        Stored<OrganizationSettings>? settings = null;
        List<Stored<Project>> projects = [];
        List<Stored<User>> users = [];
        List<Stored<Group>> groups = [];
        List<Stored<Role>> roles = [];
        List<Stored<RoleBinding>> bindings = [];
        List<Stored<Cluster>> clusters = [];
        List<Stored<ApiKey>> apiKeys = [];
        List<Stored<IdentityProvider>> identityProviders = [];
        List<GroupMembership> memberships = [];
        Dictionary<string, string> passwordHashes = new(StringComparer.Ordinal);

        await foreach (var row in _directory.QueryAsync<TableEntity>(r => r.PartitionKey == organizationId, cancellationToken: cancellationToken))
        {
            var key = row.RowKey;
            var etag = row.ETag.ToString();
            switch (key[..key.IndexOf('|')])
            {
                case EntityKinds.Meta when key == RowKeys.Settings:
                    settings = new(StorageJson.Deserialize<OrganizationSettings>(row.GetString(DirectoryRows.DataColumn)), etag);
                    break;
                case EntityKinds.Meta when key == RowKeys.Organization:
                    organization = StorageJson.Deserialize<Organization>(row.GetString(DirectoryRows.DataColumn));
                    break;
                case EntityKinds.Project: projects.Add(Read<Project>(row)); break;
                case EntityKinds.User:
                    var user = Read<User>(row);
                    users.Add(user);
                    if (row.GetString(DirectoryRows.PasswordHashColumn) is { Length: > 0 } hash) passwordHashes[user.Value.Id] = hash;
                    break;
                case EntityKinds.Group: groups.Add(Read<Group>(row)); break;
                case EntityKinds.Role: roles.Add(Read<Role>(row)); break;
                case EntityKinds.RoleBinding: bindings.Add(Read<RoleBinding>(row)); break;
                case EntityKinds.Cluster: clusters.Add(Read<Cluster>(row)); break;
                case EntityKinds.ApiKey: apiKeys.Add(Read<ApiKey>(row)); break;
                case EntityKinds.IdentityProvider: identityProviders.Add(Read<IdentityProvider>(row)); break;
                case EntityKinds.Membership:
                    memberships.Add(new GroupMembership(row.GetString("GroupId"), row.GetString("UserId")));
                    break;
            }
        }

        if (organization is null) throw new InvalidOperationException($"Organization '{organizationId}' does not exist.");
        return new DirectoryView(organization, revision, revisionETag, settings, projects, users, groups, roles, bindings, clusters, apiKeys, memberships, passwordHashes, identityProviders);
    }

    /// <summary>
    /// Commits <paramref name="changes"/> planned against <paramref name="basedOn"/>. Throws
    /// <see cref="DirectoryChangedException"/> when anything changed since, so the caller can re-plan.
    /// Change sets larger than one transaction are committed in order, each part advancing the revision;
    /// callers put dependent rows first and the owning row last, so a partial commit never leaves dangling rows.
    /// Each transaction whose rows change access also writes an <see cref="AccessEvent"/> into the outbox
    /// (<see cref="Coordination.AccessEventOutbox"/> publishes it): an event exists exactly when its change does.
    /// </summary>
    /// <returns>The events the commit put in the outbox (none when nothing about access changed).</returns>
    public async Task<IReadOnlyList<AccessEvent>> CommitAsync(DirectoryView basedOn, DirectoryChangeSet changes, CancellationToken cancellationToken)
    {
        var partition = basedOn.Organization.Id;
        var revision = basedOn.Revision;
        var etag = new ETag(basedOn.RevisionETag);
        var events = new List<AccessEvent>();
        foreach (var chunk in DirectoryRows.Of(changes).Chunk(MaxChangesPerTransaction))
        {
            revision++;
            var batch = new List<TableTransactionAction>(chunk.Length + 2)
            {
                new(TableTransactionActionType.UpdateReplace, new TableEntity(partition, RowKeys.Revision) { ["Revision"] = revision }, etag),
            };
            batch.AddRange(chunk.Select(r => new TableTransactionAction(r.Action.ActionType, WithPartition(r.Action.Entity, partition), r.Action.ETag)));
            var accessChanges = AccessChangePlanner.Plan(basedOn, chunk.Select(r => r.Change).OfType<DirectoryChange>());
            var accessEvent = accessChanges.Count == 0 ? null : new AccessEvent(partition, revision, _time.GetUtcNow(), accessChanges);
            if (accessEvent is not null) batch.Add(new(TableTransactionActionType.Add, OutboxRows.RowOf(accessEvent)));
            try
            {
                var response = await _directory.SubmitTransactionAsync(batch, cancellationToken);
                etag = response.Value[0].Headers.ETag ?? ETag.All;
                if (accessEvent is not null) events.Add(accessEvent);
            }
            catch (TableTransactionFailedException e) when (e.Status is 412 or 409 or 404)
            {
                throw new DirectoryChangedException(e);
            }
        }
        return events;
    }

    /// <summary>Access events in the outbox, not yet published, oldest first.</summary>
    public async Task<IReadOnlyList<AccessEvent>> ReadOutboxAsync(string organizationId, CancellationToken cancellationToken)
    {
        var events = new List<AccessEvent>();
        const string after = RowKeys.OutboxPrefix + "~";
        await foreach (var row in _directory.QueryAsync<TableEntity>(
            r => r.PartitionKey == organizationId && r.RowKey.CompareTo(RowKeys.OutboxPrefix) >= 0 && r.RowKey.CompareTo(after) < 0,
            cancellationToken: cancellationToken))
        {
            events.Add(OutboxRows.EventOf(row));
        }
        return events;
    }

    /// <summary>Takes a published event out of the outbox. Already gone (another dispatcher got there first) is fine.</summary>
    public Task DeleteFromOutboxAsync(AccessEvent published, CancellationToken cancellationToken) =>
        _directory.DeleteIfPresentAsync(published.OrganizationId, RowKeys.Outbox(published.Revision), cancellationToken);

    private static TableEntity WithPartition(ITableEntity entity, string partition)
    {
        var row = (TableEntity)entity;
        return new TableEntity(row) { PartitionKey = partition, RowKey = row.RowKey };
    }

    private static Stored<T> Read<T>(TableEntity row) => new(StorageJson.Deserialize<T>(row.GetString(DirectoryRows.DataColumn)), row.ETag.ToString());
}
