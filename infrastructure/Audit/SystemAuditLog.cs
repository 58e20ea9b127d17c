using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Paralus.Infrastructure.Storage;
using Paralus.Domain.Audit;

namespace Paralus.Infrastructure.Audit;

/// <summary>
/// System audit events in Table Storage. Row keys are inverted ticks, so a partition reads newest first; each event
/// is also written to index partitions by actor, action and project, so a filtered query reads one partition
/// range instead of scanning.
/// </summary>
public sealed class SystemAuditLog
{
    private readonly TableClient _events;
    private readonly TableClient _index;

    public SystemAuditLog(TableServiceClient service, IOptions<TableStorageOptions> options)
    {
        _events = service.GetTableClient(options.Value.TablePrefix + "systemaudit");
        _index = service.GetTableClient(options.Value.TablePrefix + "systemauditindex");
    }

    public async Task EnsureTablesAsync(CancellationToken cancellationToken)
    {
        await _events.CreateIfNotExistsAsync(cancellationToken);
        await _index.CreateIfNotExistsAsync(cancellationToken);
    }

    public async Task WriteAsync(string organizationId, SystemAuditEvent auditEvent, CancellationToken cancellationToken)
    {
        var rowKey = AuditRowKeys.NewestFirst(auditEvent.Time, auditEvent.Id);
        var writes = new List<Task> { _events.UpsertEntityAsync(ToRow(organizationId, rowKey, auditEvent), TableUpdateMode.Replace, cancellationToken) };
        foreach (var partition in IndexPartitions(organizationId, auditEvent))
        {
            writes.Add(_index.UpsertEntityAsync(ToRow(partition, rowKey, auditEvent), TableUpdateMode.Replace, cancellationToken));
        }
        await Task.WhenAll(writes);
    }

    public async Task<SystemAuditPage> QueryAsync(string organizationId, SystemAuditQuery query, CancellationToken cancellationToken)
    {
        // Read the most selective index; the other filters narrow within that partition.
        var (table, partition) = query switch
        {
            { Actor: { } actor } => (_index, IndexPartition(organizationId, "actor", actor)),
            { Project: { } project } => (_index, IndexPartition(organizationId, "project", project)),
            { Action: { } action } => (_index, IndexPartition(organizationId, "action", action)),
            _ => (_events, organizationId),
        };

        var filter = new StringBuilder(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"));
        if (query.Since is { } since) filter.Append(TableClient.CreateQueryFilter($" and RowKey le {AuditRowKeys.NewestFirst(since, "~")}"));
        if (query.Until is { } until) filter.Append(TableClient.CreateQueryFilter($" and RowKey ge {AuditRowKeys.NewestFirst(until, string.Empty)}"));
        if (query.Actor is { } a) filter.Append(TableClient.CreateQueryFilter($" and Actor eq {a}"));
        if (query.Action is { } act) filter.Append(TableClient.CreateQueryFilter($" and Action eq {act}"));
        if (query.Project is { } p) filter.Append(TableClient.CreateQueryFilter($" and Project eq {p}"));

        await foreach (var page in table.QueryAsync<TableEntity>(filter.ToString(), query.Limit, cancellationToken: cancellationToken)
                           .AsPages(AuditRowKeys.DecodeContinuation(query.Continue), query.Limit))
        {
            return new SystemAuditPage(page.Values.Select(FromRow).ToArray(), AuditRowKeys.EncodeContinuation(page.ContinuationToken));
        }
        return new SystemAuditPage([], null);
    }

    /// <summary>Deletes events older than <paramref name="cutoff"/> in every partition; returns how many rows went.</summary>
    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var deleted = 0;
        var filter = TableClient.CreateQueryFilter($"RowKey gt {AuditRowKeys.NewestFirst(cutoff, "~")}");
        foreach (var table in new[] { _events, _index })
        {
            await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
                deleted++;
            }
        }
        return deleted;
    }

    private static IEnumerable<string> IndexPartitions(string organizationId, SystemAuditEvent e)
    {
        yield return IndexPartition(organizationId, "actor", e.Actor);
        yield return IndexPartition(organizationId, "action", e.Action);
        if (e.Project is { Length: > 0 } project) yield return IndexPartition(organizationId, "project", project);
    }

    private static string IndexPartition(string organizationId, string by, string value) => $"{organizationId}|{by}|{RowKeys.Escape(value)}";

    private static TableEntity ToRow(string partition, string rowKey, SystemAuditEvent e) => new(partition, rowKey)
    {
        ["EventId"] = e.Id,
        ["Time"] = e.Time,
        ["Actor"] = e.Actor,
        ["Action"] = e.Action,
        ["Target"] = e.Target,
        ["Project"] = e.Project,
        ["Outcome"] = e.Outcome,
        ["ClientAddress"] = e.ClientAddress,
        ["UserAgent"] = e.UserAgent,
        ["Detail"] = e.Detail,
    };

    private static SystemAuditEvent FromRow(TableEntity row) => new(
        row.GetString("EventId"),
        row.GetDateTimeOffset("Time") ?? DateTimeOffset.MinValue,
        row.GetString("Actor"),
        row.GetString("Action"),
        row.GetString("Target"),
        row.GetString("Project"),
        row.GetString("Outcome"),
        row.GetString("ClientAddress"),
        row.GetString("UserAgent"),
        row.GetString("Detail"));
}
