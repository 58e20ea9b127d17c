using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Paralus.Domain.Audit;
using Paralus.Infrastructure.Storage;

namespace Paralus.Infrastructure.Audit;

/// <summary>
/// kubectl audit events in Table Storage, one pair of tables per UTC day (events, and index rows by cluster, user and
/// project), so retention drops a whole day with one call and a query reads only the days it asks about. Row keys
/// sort newest first and are made of the event's time and id: storing an event again (a redelivered batch)
/// overwrites the same rows. Rows of one partition go in entity-group transactions of up to 100.
/// </summary>
public sealed class KubectlAuditLog
{
    private const int TransactionLimit = 100;
    private const string DataColumn = "Data";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly TableServiceClient _service;
    private readonly string _prefix;
    private readonly ConcurrentDictionary<string, Task> _created = new(StringComparer.Ordinal);

    public KubectlAuditLog(TableServiceClient service, IOptions<TableStorageOptions> options)
    {
        _service = service;
        _prefix = options.Value.TablePrefix;
    }

    /// <summary>Stores every event with its index rows. Throws <see cref="RequestFailedException"/> when storage refuses; nothing is half-visible for long, as a retry overwrites.</summary>
    public async Task WriteAsync(IReadOnlyList<KubectlAuditEvent> events, CancellationToken cancellationToken)
    {
        var rows = new List<(TableClient Table, TableEntity Row)>();
        foreach (var auditEvent in events)
        {
            var day = Day(auditEvent.Time);
            var (table, index) = (await TableAsync(EventsTable(day), cancellationToken), await TableAsync(IndexTable(day), cancellationToken));
            var rowKey = AuditRowKeys.NewestFirst(auditEvent.Time, auditEvent.Id);
            rows.Add((table, ToRow(auditEvent.OrganizationId, rowKey, auditEvent)));
            foreach (var partition in IndexPartitions(auditEvent)) rows.Add((index, ToRow(partition, rowKey, auditEvent)));
        }

        var transactions = rows.GroupBy(r => (r.Table.Name, r.Row.PartitionKey))
            .SelectMany(group => group.Chunk(TransactionLimit).Select(chunk => (chunk[0].Table,
                chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r.Row)).ToArray())));
        await Task.WhenAll(transactions.Select(t => t.Table.SubmitTransactionAsync(t.Item2, cancellationToken)));
    }

    /// <summary>Newest first, across days from <see cref="KubectlAuditQuery.Until"/> back to <see cref="KubectlAuditQuery.Since"/>.</summary>
    public async Task<KubectlAuditPage> QueryAsync(string organizationId, KubectlAuditQuery query, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var until = query.Until ?? now;
        var since = query.Since ?? until.AddDays(-1);
        var (day, token) = DecodeContinuation(query.Continue) ?? (DateOnly.FromDateTime(until.UtcDateTime), null);
        var firstDay = DateOnly.FromDateTime(since.UtcDateTime);
        var items = new List<KubectlAuditEvent>();
        for (; day >= firstDay; day = day.AddDays(-1), token = null)
        {
            var (table, partition) = PartitionFor(organizationId, day, query);
            try
            {
                await foreach (var page in _service.GetTableClient(table).QueryAsync<TableEntity>(Filter(partition, query, since, until), cancellationToken: cancellationToken)
                                   .AsPages(token, query.Limit - items.Count))
                {
                    items.AddRange(page.Values.Select(FromRow));
                    token = page.ContinuationToken;
                    if (items.Count >= query.Limit || token is null) break;
                }
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Nothing was recorded that day (or it has been dropped).
                token = null;
            }

            if (items.Count < query.Limit) continue;
            // Full: the rest of this day, or the days before it, come next.
            var next = token is not null ? EncodeContinuation(day, token) : day > firstDay ? EncodeContinuation(day.AddDays(-1), null) : null;
            return new KubectlAuditPage(items, next);
        }
        return new KubectlAuditPage(items, null);
    }

    /// <summary>Drops every day older than <paramref name="cutoff"/>'s day; answers which days went.</summary>
    public async Task<IReadOnlyList<DateOnly>> DropDaysBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var firstKept = DateOnly.FromDateTime(cutoff.UtcDateTime);
        var dropped = new SortedSet<DateOnly>();
        var eventsPrefix = _prefix + "kubectlaudit";
        await foreach (var table in _service.QueryAsync(cancellationToken: cancellationToken))
        {
            if (DayOf(table.Name) is not { } day || day >= firstKept) continue;
            await _service.DeleteTableAsync(table.Name, cancellationToken);
            _created.TryRemove(table.Name, out _);
            dropped.Add(day);
        }
        return dropped.ToArray();

        DateOnly? DayOf(string name)
        {
            var digits = name.StartsWith(eventsPrefix, StringComparison.Ordinal) ? name[eventsPrefix.Length..]
                : name.StartsWith(_prefix + "kauditindex", StringComparison.Ordinal) ? name[(_prefix + "kauditindex").Length..] : null;
            return digits is { Length: 8 } && DateOnly.TryParseExact(digits, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        }
    }

    private string EventsTable(DateOnly day) => $"{_prefix}kubectlaudit{day:yyyyMMdd}";

    private string IndexTable(DateOnly day) => $"{_prefix}kauditindex{day:yyyyMMdd}";

    private async Task<TableClient> TableAsync(string name, CancellationToken cancellationToken)
    {
        var client = _service.GetTableClient(name);
        var creation = _created.GetOrAdd(name, _ => client.CreateIfNotExistsAsync(cancellationToken));
        try
        {
            await creation;
        }
        catch
        {
            _created.TryRemove(name, out _);
            throw;
        }
        return client;
    }

    private static DateOnly Day(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime);

    private (string Table, string Partition) PartitionFor(string organizationId, DateOnly day, KubectlAuditQuery query) => query switch
    {
        { User: { } user } => (IndexTable(day), IndexPartition(organizationId, "user", user)),
        { Cluster: { } cluster } => (IndexTable(day), IndexPartition(organizationId, "cluster", cluster)),
        { Project: { } project } => (IndexTable(day), IndexPartition(organizationId, "project", project)),
        _ => (EventsTable(day), organizationId),
    };

    private static string Filter(string partition, KubectlAuditQuery query, DateTimeOffset since, DateTimeOffset until)
    {
        var filter = new StringBuilder(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"));
        filter.Append(TableClient.CreateQueryFilter($" and RowKey le {AuditRowKeys.NewestFirst(since, "~")} and RowKey ge {AuditRowKeys.NewestFirst(until, string.Empty)}"));
        Equal(nameof(KubectlAuditEvent.Cluster), query.Cluster);
        Equal(nameof(KubectlAuditEvent.Project), query.Project);
        Equal(nameof(KubectlAuditEvent.User), query.User);
        Equal(nameof(KubectlAuditEvent.Namespace), query.Namespace);
        Equal(nameof(KubectlAuditEvent.Resource), query.Resource);
        Equal(nameof(KubectlAuditEvent.Name), query.Name);
        Equal(nameof(KubectlAuditEvent.Verb), query.Verb);
        Equal(nameof(KubectlAuditEvent.Decision), query.Decision);
        if (query.StatusClass is { } statusClass)
        {
            filter.Append(TableClient.CreateQueryFilter($" and Status ge {statusClass * 100} and Status lt {statusClass * 100 + 100}"));
        }
        return filter.ToString();

        void Equal(string column, string? value)
        {
            if (value is not null) filter.Append(" and ").Append(column).Append(TableClient.CreateQueryFilter($" eq {value}"));
        }
    }

    private static IEnumerable<string> IndexPartitions(KubectlAuditEvent e)
    {
        yield return IndexPartition(e.OrganizationId, "cluster", e.Cluster);
        yield return IndexPartition(e.OrganizationId, "user", e.User);
        if (e.Project is { Length: > 0 } project) yield return IndexPartition(e.OrganizationId, "project", project);
    }

    private static string IndexPartition(string organizationId, string by, string value) => $"{organizationId}|{by}|{RowKeys.Escape(value)}";

    private static string? EncodeContinuation(DateOnly day, string? token) => AuditRowKeys.EncodeContinuation($"{day:yyyyMMdd}|{token}");

    private static (DateOnly Day, string? Token)? DecodeContinuation(string? encoded)
    {
        if (AuditRowKeys.DecodeContinuation(encoded) is not { } decoded) return null;
        var bar = decoded.IndexOf('|', StringComparison.Ordinal);
        if (bar != 8 || !DateOnly.TryParseExact(decoded[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            throw new ArgumentException("The continue token is malformed.", nameof(encoded));
        }
        return (day, decoded.Length > 9 ? decoded[9..] : null);
    }

    private static TableEntity ToRow(string partition, string rowKey, KubectlAuditEvent e) => new(partition, rowKey)
    {
        [nameof(e.Cluster)] = e.Cluster,
        [nameof(e.Project)] = e.Project,
        [nameof(e.User)] = e.User,
        [nameof(e.Namespace)] = e.Namespace,
        [nameof(e.Resource)] = e.Resource,
        [nameof(e.Name)] = e.Name,
        [nameof(e.Verb)] = e.Verb,
        [nameof(e.Decision)] = e.Decision,
        [nameof(e.Status)] = e.Status,
        [DataColumn] = JsonSerializer.Serialize(e, Json),
    };

    private static KubectlAuditEvent FromRow(TableEntity row) =>
        JsonSerializer.Deserialize<KubectlAuditEvent>(row.GetString(DataColumn), Json)
        ?? throw new InvalidDataException($"audit row {row.PartitionKey}/{row.RowKey} holds no event.");
}
