using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;

namespace Paralus.Infrastructure.Audit;

/// <summary>
/// Extends an audit log's chains (<see cref="AuditChain"/>). The numbers are claimed first (the head moves with
/// If-Match), then the rows are written: a writer that loses the race has written nothing and tries again from the
/// new head. The head this writer last moved is remembered, so a lone writer claims with one request and learns of
/// another writer from the refusal. A writer that stops between claiming and writing leaves numbers without rows,
/// which verify reports as removed: never a record silently outside the chain.
/// </summary>
internal sealed class AuditChainWriter(TableClient heads)
{
    private readonly ConcurrentDictionary<(string Organization, DateOnly Day), AuditChainHead> _lastMoved = new();

    /// <summary>
    /// Links the organization's segments of one day into the chain and stores them. With <paramref name="mayBeStored"/>
    /// (a queue can deliver a batch again) a segment already stored is left alone.
    /// </summary>
    public async Task AppendAsync(TableClient events, string organizationId, DateOnly day, IReadOnlyList<AuditSegment> segments, bool mayBeStored,
        CancellationToken cancellationToken)
    {
        var key = (organizationId, day);
        var head = _lastMoved.TryGetValue(key, out var known) ? known : await AuditChain.ReadHeadAsync(heads, organizationId, day, cancellationToken);
        var fresh = mayBeStored ? await UnstoredAsync() : segments;
        while (fresh.Count > 0)
        {
            var (seq, hash) = (head.Seq, head.Hash);
            var rows = new List<TableEntity>(fresh.Count);
            foreach (var segment in fresh)
            {
                var row = segment.ToRow(organizationId);
                row[AuditChain.PreviousColumn] = Convert.ToBase64String(hash);
                hash = AuditChain.Link(hash, segment.RowKey, segment.ContentHash);
                row[AuditChain.SeqColumn] = ++seq;
                row[AuditChain.HashColumn] = Convert.ToBase64String(hash);
                rows.Add(row);
            }

            var headRow = new TableEntity(organizationId, AuditChain.HeadKey(day)) { [AuditChain.SeqColumn] = seq, [AuditChain.HashColumn] = Convert.ToBase64String(hash) };
            Response moved;
            try
            {
                moved = head.ETag is { } etag
                    ? await heads.UpdateEntityAsync(headRow, etag, TableUpdateMode.Replace, cancellationToken)
                    : await heads.AddEntityAsync(headRow, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another writer moved the head first: claim numbers after its own.
                _lastMoved.TryRemove(key, out _);
                head = await AuditChain.ReadHeadAsync(heads, organizationId, day, cancellationToken);
                if (mayBeStored) fresh = await UnstoredAsync();
                continue;
            }
            _lastMoved[key] = new AuditChainHead(seq, hash, moved.Headers.ETag);
            await Task.WhenAll(rows.Select(r => events.UpsertEntityAsync(r, TableUpdateMode.Replace, cancellationToken)));
            return;
        }

        async Task<IReadOnlyList<AuditSegment>> UnstoredAsync()
        {
            var stored = await Task.WhenAll(segments.Select(async segment =>
            {
                var row = await events.GetEntityIfExistsAsync<TableEntity>(organizationId, segment.RowKey, [AuditChain.SeqColumn], cancellationToken);
                return row.HasValue && row.Value?.GetInt64(AuditChain.SeqColumn) is not null;
            }));
            return segments.Where((_, i) => !stored[i]).ToArray();
        }
    }

    /// <summary>After retention dropped the days before <paramref name="firstKept"/>: their heads are gone.</summary>
    public void ForgetBefore(DateOnly firstKept)
    {
        foreach (var key in _lastMoved.Keys.Where(k => k.Day < firstKept)) _lastMoved.TryRemove(key, out _);
    }
}
