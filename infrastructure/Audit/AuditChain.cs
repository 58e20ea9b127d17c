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
}

/// <summary>The last number and hash of a chain; <see cref="ETag"/> is null before its first segment.</summary>
internal sealed record AuditChainHead(long Seq, byte[] Hash, ETag? ETag);
