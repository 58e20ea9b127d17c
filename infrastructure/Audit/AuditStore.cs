using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Paralus.Domain.Audit;

namespace Paralus.Infrastructure.Audit;

/// <summary>
/// One audit log in Table Storage (<see cref="AuditTables"/>). A batch is stored as segments: for each day and
/// partition (the organization, and each index partition its records fall under) one row holding those records,
/// so a batch of 500 costs a few rows instead of 2,000. The organization's segments are hash-chained
/// (<see cref="AuditChain"/>). Queries read one partition's segments newest first over the asked time range and
/// filter in memory; storing a batch again changes nothing, and a record stored twice is listed once.
/// </summary>
internal sealed class AuditStore<T>(TableServiceClient service, string prefix, AuditRecordKind<T> kind) where T : class, IAuditRecord
{
    /// <summary>Past this many days a query lists the log's tables once instead of asking for each day.</summary>
    private const int DaysAskedOneByOne = 3;

    private readonly AuditTables _tables = new(service, prefix, kind.EventsStem, kind.IndexStem, kind.HeadsTable);
    private readonly AuditChainWriter _chain = new(service.GetTableClient(prefix + kind.HeadsTable));

    public AuditTables Tables => _tables;

    /// <summary>Stores the records. Throws <see cref="RequestFailedException"/> when storage refuses; a retry completes what the failure left.</summary>
    public async Task WriteAsync(string organizationId, IReadOnlyList<T> records, CancellationToken cancellationToken)
    {
        await _tables.OpenAsync(_tables.Heads, cancellationToken);
        var writes = new List<Task>();
        foreach (var day in records.GroupBy(e => AuditTables.Day(e.Time)))
        {
            var table = await _tables.OpenAsync(_tables.Events(day.Key), cancellationToken);
            var index = await _tables.OpenAsync(_tables.Index(day.Key), cancellationToken);
            writes.Add(_chain.AppendAsync(table, organizationId, day.Key, AuditSegment.Cut(day).ToArray(), kind.Redelivered, cancellationToken));
            foreach (var partition in day.SelectMany(e => kind.IndexPartitions(organizationId, e).Select(p => (Partition: p, Record: e)))
                         .GroupBy(x => x.Partition, x => x.Record, StringComparer.Ordinal))
            {
                writes.AddRange(AuditSegment.Cut(partition).Select(s => index.UpsertEntityAsync(s.ToRow(partition.Key), TableUpdateMode.Replace, cancellationToken)));
            }
        }
        await Task.WhenAll(writes);
    }

    /// <summary>
    /// Newest first from <paramref name="until"/> back to <paramref name="since"/>, the records of one index partition
    /// (<paramref name="index"/>: by what, which value) or of the whole organization, that <paramref name="matches"/>.
    /// Throws <see cref="ArgumentException"/> for a continue token this store did not hand out.
    /// </summary>
    public async Task<(IReadOnlyList<T> Items, string? Continue)> QueryAsync(string organizationId, (string By, string Value)? index, Func<T, bool> matches,
        DateTimeOffset since, DateTimeOffset until, int limit, string? continueToken, CancellationToken cancellationToken)
    {
        var after = DecodeContinuation(continueToken);
        var upper = after is { } cursor && cursor.Time < until ? cursor.Time : until;
        var items = new List<T>(limit);
        var pending = new SortedSet<T>(AuditOrder.NewestFirst);
        foreach (var day in await DaysAsync(AuditTables.Day(since), AuditTables.Day(upper), cancellationToken))
        {
            var (table, partition) = index is { } key
                ? (_tables.Index(day), AuditTables.IndexPartition(organizationId, key.By, key.Value))
                : (_tables.Events(day), organizationId);
            // A segment's records lie within MaxSpan of its newest, which its row key sorts by.
            var filter = TableClient.CreateQueryFilter(
                $"PartitionKey eq {partition} and RowKey ge {AuditRowKeys.NewestFirst(upper + AuditSegment.MaxSpan, string.Empty)} and RowKey le {AuditRowKeys.NewestFirst(since, "~")}");
            try
            {
                await foreach (var row in NewestSegmentsAsync(_tables.Service.GetTableClient(table), filter, cancellationToken))
                {
                    var records = AuditSegment.FromRow(row).Records<T>();
                    pending.UnionWith(records.Where(Wanted));
                    // Segments still unread hold nothing newer than this one's newest: what is newer is in its place.
                    if (records.Count > 0 && Emit(e => e.Time > records[0].Time)) return Full();
                }
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Nothing was recorded that day (or it has been dropped).
            }
            if (Emit(_ => true)) return Full();
        }
        return (items, null);

        bool Wanted(T e) =>
            e.Time >= since && e.Time <= until && matches(e) && (after is not { } cursor || AuditOrder.Before(cursor.Time, cursor.Id, e.Time, e.Id));

        // Moves the newest pending records that are final into the page; true once the page is full.
        bool Emit(Func<T, bool> final)
        {
            while (pending.Count > 0 && items.Count < limit && pending.Min is { } next && final(next))
            {
                items.Add(next);
                pending.Remove(next);
            }
            return items.Count >= limit;
        }

        (IReadOnlyList<T>, string?) Full() => (items, EncodeContinuation(items[^1]));
    }

    /// <summary>Drops every day older than <paramref name="cutoff"/>'s day, with its chain heads; answers which days went.</summary>
    public async Task<IReadOnlyList<DateOnly>> DropDaysBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var firstKept = AuditTables.Day(cutoff);
        var dropped = new SortedSet<DateOnly>();
        await foreach (var (table, day) in _tables.DayTablesAsync(cancellationToken))
        {
            if (day >= firstKept) continue;
            await _tables.Service.DeleteTableAsync(table, cancellationToken);
            _tables.Forget(table);
            dropped.Add(day);
        }
        var heads = await _tables.OpenAsync(_tables.Heads, cancellationToken);
        await foreach (var head in heads.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey lt {AuditChain.HeadKey(firstKept)}"), select: ["PartitionKey", "RowKey"],
                           cancellationToken: cancellationToken))
        {
            await heads.DeleteEntityAsync(head.PartitionKey, head.RowKey, ETag.All, cancellationToken);
        }
        _chain.ForgetBefore(firstKept);
        return dropped.ToArray();
    }

    public Task<AuditVerification> VerifyAsync(string organizationId, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        new AuditVerifier<T>(_tables, kind).VerifyAsync(organizationId, from, to, cancellationToken);

    /// <summary>The days to read, newest first: each of a short range, or those the log has a table of.</summary>
    private async Task<IReadOnlyList<DateOnly>> DaysAsync(DateOnly first, DateOnly last, CancellationToken cancellationToken)
    {
        if (last.DayNumber - first.DayNumber >= DaysAskedOneByOne) return await _tables.DaysAsync(first, last, cancellationToken);
        var days = new List<DateOnly>();
        for (var day = last; day >= first; day = day.AddDays(-1)) days.Add(day);
        return days;
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

    /// <summary>The next page starts after the last record of this one.</summary>
    private static string? EncodeContinuation(T last) =>
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
