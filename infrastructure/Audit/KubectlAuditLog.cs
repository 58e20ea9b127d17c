using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Paralus.Domain.Audit;
using Paralus.Infrastructure.Storage;

namespace Paralus.Infrastructure.Audit;

/// <summary>
/// kubectl audit in Table Storage (<see cref="KubectlAuditTables"/>). A batch is stored as segments: for each day and
/// partition (the organization, and each cluster, user and project it touches) one row holding those events, so a
/// batch of 500 costs a few rows instead of 2,000. The organization's segments are hash-chained (<see cref="AuditChain"/>).
/// Queries read one partition's segments newest first over the asked time range and filter in memory; storing a batch
/// again changes nothing, and a record stored twice is listed once.
/// </summary>
public sealed class KubectlAuditLog
{
    private readonly KubectlAuditTables _tables;

    public KubectlAuditLog(TableServiceClient service, IOptions<TableStorageOptions> options)
    {
        _tables = new KubectlAuditTables(service, options.Value.TablePrefix);
    }

    internal KubectlAuditTables Tables => _tables;

    /// <summary>Stores the events. Throws <see cref="RequestFailedException"/> when storage refuses; a retry completes what the failure left.</summary>
    public async Task WriteAsync(IReadOnlyList<KubectlAuditEvent> events, CancellationToken cancellationToken)
    {
        var heads = await _tables.OpenAsync(_tables.Heads, cancellationToken);
        var writes = new List<Task>();
        foreach (var day in events.GroupBy(e => KubectlAuditTables.Day(e.Time)))
        {
            var table = await _tables.OpenAsync(_tables.Events(day.Key), cancellationToken);
            var index = await _tables.OpenAsync(_tables.Index(day.Key), cancellationToken);
            foreach (var organization in day.GroupBy(e => e.OrganizationId, StringComparer.Ordinal))
            {
                writes.Add(AuditChain.AppendAsync(table, heads, organization.Key, day.Key, AuditSegment.Cut(organization).ToArray(), cancellationToken));
            }
            foreach (var partition in day.SelectMany(e => KubectlAuditTables.IndexPartitions(e).Select(p => (Partition: p, Event: e)))
                         .GroupBy(x => x.Partition, x => x.Event, StringComparer.Ordinal))
            {
                writes.AddRange(AuditSegment.Cut(partition).Select(s => index.UpsertEntityAsync(s.ToRow(partition.Key), TableUpdateMode.Replace, cancellationToken)));
            }
        }
        await Task.WhenAll(writes);
    }

    /// <summary>Newest first, across days from <see cref="KubectlAuditQuery.Until"/> back to <see cref="KubectlAuditQuery.Since"/>.</summary>
    public async Task<KubectlAuditPage> QueryAsync(string organizationId, KubectlAuditQuery query, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var until = query.Until ?? now;
        var since = query.Since ?? until.AddDays(-1);
        var after = DecodeContinuation(query.Continue);
        var upper = after is { } cursor && cursor.Time < until ? cursor.Time : until;
        var items = new List<KubectlAuditEvent>(query.Limit);
        var pending = new SortedSet<KubectlAuditEvent>(KubectlAuditOrder.NewestFirst);
        for (var day = KubectlAuditTables.Day(upper); day >= KubectlAuditTables.Day(since); day = day.AddDays(-1))
        {
            var (table, partition) = PartitionFor(organizationId, day, query);
            // A segment's events lie within MaxSpan of its newest, which its row key sorts by.
            var filter = TableClient.CreateQueryFilter(
                $"PartitionKey eq {partition} and RowKey ge {AuditRowKeys.NewestFirst(upper + AuditSegment.MaxSpan, string.Empty)} and RowKey le {AuditRowKeys.NewestFirst(since, "~")}");
            try
            {
                await foreach (var row in NewestSegmentsAsync(_tables.Service.GetTableClient(table), filter, cancellationToken))
                {
                    var events = AuditSegment.FromRow(row).Events;
                    pending.UnionWith(events.Where(Wanted));
                    // Segments still unread hold nothing newer than this one's newest: what is newer is in its place.
                    if (events.Count > 0 && Emit(e => e.Time > events[0].Time)) return Full();
                }
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Nothing was recorded that day (or it has been dropped).
            }
            if (Emit(_ => true)) return Full();
        }
        return new KubectlAuditPage(items, null);

        bool Wanted(KubectlAuditEvent e) =>
            e.Time >= since && e.Time <= until && query.Matches(e)
            && (after is not { } cursor || KubectlAuditOrder.Before(cursor.Time, cursor.Id, e.Time, e.Id));

        // Moves the newest pending records that are final into the page; true once the page is full.
        bool Emit(Func<KubectlAuditEvent, bool> final)
        {
            while (pending.Count > 0 && items.Count < query.Limit && pending.Min is { } next && final(next))
            {
                items.Add(next);
                pending.Remove(next);
            }
            return items.Count >= query.Limit;
        }

        KubectlAuditPage Full() => new(items, EncodeContinuation(items[^1]));
    }

    /// <summary>
    /// The segments in pages that start small and double: a page of an organization's segments holds thousands of
    /// records, and a first page of a query needs only a few segments; a rare filter reads on in bigger pages.
    /// </summary>
    private static async IAsyncEnumerable<TableEntity> NewestSegmentsAsync(TableClient table, string filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        var size = 4;
        do
        {
            await foreach (var page in table.QueryAsync<TableEntity>(filter, size, cancellationToken: cancellationToken).AsPages(token, size))
            {
                foreach (var row in page.Values) yield return row;
                token = page.ContinuationToken;
                break;
            }
            size = Math.Min(size * 2, 256);
        } while (token is not null);
    }

    /// <summary>Drops every day older than <paramref name="cutoff"/>'s day, with its chain heads; answers which days went.</summary>
    public async Task<IReadOnlyList<DateOnly>> DropDaysBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var firstKept = KubectlAuditTables.Day(cutoff);
        var dropped = new SortedSet<DateOnly>();
        await foreach (var table in _tables.Service.QueryAsync(cancellationToken: cancellationToken))
        {
            if (_tables.DayOf(table.Name) is not { } day || day >= firstKept) continue;
            await _tables.Service.DeleteTableAsync(table.Name, cancellationToken);
            _tables.Forget(table.Name);
            dropped.Add(day);
        }
        var heads = await _tables.OpenAsync(_tables.Heads, cancellationToken);
        await foreach (var head in heads.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey lt {AuditChain.HeadKey(firstKept)}"), select: ["PartitionKey", "RowKey"],
                           cancellationToken: cancellationToken))
        {
            await heads.DeleteEntityAsync(head.PartitionKey, head.RowKey, ETag.All, cancellationToken);
        }
        return dropped.ToArray();
    }

    private (string Table, string Partition) PartitionFor(string organizationId, DateOnly day, KubectlAuditQuery query) => query switch
    {
        { User: { } user } => (_tables.Index(day), KubectlAuditTables.IndexPartition(organizationId, "user", user)),
        { Cluster: { } cluster } => (_tables.Index(day), KubectlAuditTables.IndexPartition(organizationId, "cluster", cluster)),
        { Project: { } project } => (_tables.Index(day), KubectlAuditTables.IndexPartition(organizationId, "project", project)),
        _ => (_tables.Events(day), organizationId),
    };

    /// <summary>The next page starts after the last record of this one.</summary>
    private static string? EncodeContinuation(KubectlAuditEvent last) =>
        AuditRowKeys.EncodeContinuation($"{last.Time.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{last.Id}");

    private static (DateTimeOffset Time, string Id)? DecodeContinuation(string? encoded)
    {
        if (AuditRowKeys.DecodeContinuation(encoded) is not { } decoded) return null;
        var bar = decoded.IndexOf('|', StringComparison.Ordinal);
        if (bar < 1 || !long.TryParse(decoded.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks || bar == decoded.Length - 1)
        {
            throw new ArgumentException("The continue token is malformed.", nameof(encoded));
        }
        return (new DateTimeOffset(ticks, TimeSpan.Zero), decoded[(bar + 1)..]);
    }
}
