using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace Paralus.Infrastructure.Audit;

/// <summary>
/// The hash chain over an organization's audit log of one day: every stored segment gets the next number, the
/// previous segment's hash and its own, <c>SHA-256(previous hash ‖ row key ‖ SHA-256(content))</c>; the head (last number and hash) lives in a table of its
/// own, so whoever edits, removes or adds a row cannot make the chain agree without also rewriting the head. Heads are
/// updated with If-Match: two writers never extend the chain from the same head.
/// </summary>
internal static class AuditChain
{
    public const string SeqColumn = "Seq";
    public const string HashColumn = "Hash";
    public const string PreviousColumn = "Previous";

    public static readonly byte[] Start = new byte[SHA256.HashSizeInBytes];

    public static byte[] Link(byte[] previous, string rowKey, byte[] contentHash)
    {
        var key = Encoding.UTF8.GetBytes(rowKey);
        var input = new byte[previous.Length + key.Length + contentHash.Length];
        previous.CopyTo(input, 0);
        key.CopyTo(input, previous.Length);
        contentHash.CopyTo(input, previous.Length + key.Length);
        return SHA256.HashData(input);
    }

    /// <summary>The hash a row or head holds; empty when it holds none that could be one.</summary>
    public static byte[] StoredHash(TableEntity row, string column = HashColumn)
    {
        var buffer = new byte[SHA256.HashSizeInBytes];
        return Convert.TryFromBase64String(row.GetString(column) ?? string.Empty, buffer, out var written) && written == buffer.Length ? buffer : [];
    }

    public static string HeadKey(DateOnly day) => $"{day:yyyyMMdd}";

    public static async Task<AuditChainHead> ReadHeadAsync(TableClient heads, string organizationId, DateOnly day, CancellationToken cancellationToken)
    {
        var row = await heads.GetEntityIfExistsAsync<TableEntity>(organizationId, HeadKey(day), cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } head
            ? new AuditChainHead(head.GetInt64(SeqColumn) ?? 0, StoredHash(head), head.ETag)
            : new AuditChainHead(0, Start, null);
    }

    /// <summary>
    /// Links the organization's segments of one day into the chain and stores them. The numbers are claimed first
    /// (the head moves with If-Match), then the rows are written: a writer that loses the race has written nothing
    /// and tries again from the new head. A segment already stored (a redelivered batch) is left alone. A writer that
    /// stops between claiming and writing leaves numbers without rows, which verify reports as removed: never a
    /// record silently outside the chain.
    /// </summary>
    public static async Task AppendAsync(TableClient events, TableClient heads, string organizationId, DateOnly day, IReadOnlyList<AuditSegment> segments,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            var head = await ReadHeadAsync(heads, organizationId, day, cancellationToken);
            var stored = await Task.WhenAll(segments.Select(IsStoredAsync));
            var fresh = segments.Where((_, i) => !stored[i]).ToArray();
            if (fresh.Length == 0) return;

            var (seq, hash) = (head.Seq, head.Hash);
            var rows = new List<TableEntity>(fresh.Length);
            foreach (var segment in fresh)
            {
                var row = segment.ToRow(organizationId);
                row[PreviousColumn] = Convert.ToBase64String(hash);
                hash = Link(hash, segment.RowKey, segment.ContentHash);
                row[SeqColumn] = ++seq;
                row[HashColumn] = Convert.ToBase64String(hash);
                rows.Add(row);
            }

            var headRow = new TableEntity(organizationId, HeadKey(day)) { [SeqColumn] = seq, [HashColumn] = Convert.ToBase64String(hash) };
            try
            {
                if (head.ETag is { } etag) await heads.UpdateEntityAsync(headRow, etag, TableUpdateMode.Replace, cancellationToken);
                else await heads.AddEntityAsync(headRow, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another writer moved the head first: claim numbers after its own.
                continue;
            }
            await Task.WhenAll(rows.Select(r => events.UpsertEntityAsync(r, TableUpdateMode.Replace, cancellationToken)));
            return;
        }

        async Task<bool> IsStoredAsync(AuditSegment segment)
        {
            var row = await events.GetEntityIfExistsAsync<TableEntity>(organizationId, segment.RowKey, [SeqColumn], cancellationToken);
            return row.HasValue && row.Value?.GetInt64(SeqColumn) is not null;
        }
    }
}

/// <summary>The last number and hash of a chain; <see cref="ETag"/> is null before its first segment.</summary>
internal sealed record AuditChainHead(long Seq, byte[] Hash, ETag? ETag);
