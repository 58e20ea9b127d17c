using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Data.Tables;
using Paralus.Domain.Audit;

namespace Paralus.Infrastructure.Audit;

/// <summary>
/// Audit records of one batch that share a table partition, stored as one row: a row per event made Azure Table Storage
/// (and Azurite) the ceiling of ingestion, a row per batch and partition is not. The events are kept newest first
/// as one gzip'd JSON array cut into binary columns (a column holds 64 KiB, a row 1 MiB); <see cref="Content"/> is
/// the uncompressed array, which the hash chain covers. Events of a segment lie within <see cref="MaxSpan"/> of its
/// newest, so a query for a time range reads only segments whose row key is near that range.
/// </summary>
internal sealed class AuditSegment
{
    /// <summary>How much older than a segment's newest event its oldest may be.</summary>
    public static readonly TimeSpan MaxSpan = TimeSpan.FromSeconds(1);

    /// <summary>Uncompressed bytes per segment; gzip never grows them past the row's 1 MiB.</summary>
    private const int MaxContentBytes = 512 * 1024;
    private const int ColumnBytes = 64 * 1024;
    private const string DataColumnPrefix = "Data";
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private byte[]? _contentHash;

    private AuditSegment(string rowKey, byte[] content, byte[]? contentHash = null)
    {
        RowKey = rowKey;
        Content = content;
        _contentHash = contentHash;
    }

    /// <summary>Newest first by its newest event, then a hash of the content.</summary>
    public string RowKey { get; }

    /// <summary>The events as a JSON array, newest first.</summary>
    public byte[] Content { get; }

    /// <summary>The records, newest first. Throws <see cref="JsonException"/> when the content is not theirs.</summary>
    public IReadOnlyList<T> Records<T>() where T : class, IAuditRecord => JsonSerializer.Deserialize<T[]>(Content, Json) ?? [];

    /// <summary>SHA-256 of <see cref="Content"/>, taken once when needed: the key and the chain both use it, a query neither.</summary>
    public byte[] ContentHash => _contentHash ??= SHA256.HashData(Content);

    /// <summary>False when the content is not what the row was stored with.</summary>
    public bool KeyMatchesContent => RowKey.EndsWith("." + KeyHash(ContentHash), StringComparison.Ordinal);

    /// <summary>Cuts records of one partition (any order) into segments, each within <see cref="MaxSpan"/> and the size limit.</summary>
    public static IEnumerable<AuditSegment> Cut<T>(IEnumerable<T> records) where T : class, IAuditRecord
    {
        var pending = new List<byte[]>();
        var size = 0;
        IAuditRecord? newest = null;
        // Typed as T, not as the interface, so that the whole record is written.
        foreach (T e in records.Order<T>(AuditOrder.NewestFirst))
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes<T>(e, Json);
            if (newest is not null && (newest.Time - e.Time > MaxSpan || size + bytes.Length + 1 > MaxContentBytes))
            {
                yield return Of(newest, pending);
                pending.Clear();
                size = 0;
                newest = null;
            }
            newest ??= e;
            pending.Add(bytes);
            size += bytes.Length + 1;
        }
        if (newest is not null) yield return Of(newest, pending);
    }

    public TableEntity ToRow(string partition)
    {
        var row = new TableEntity(partition, RowKey);
        var compressed = Compress(Content);
        for (int offset = 0, i = 0; offset < compressed.Length; offset += ColumnBytes, i++)
        {
            row[DataColumnPrefix + i] = compressed.AsSpan(offset, Math.Min(ColumnBytes, compressed.Length - offset)).ToArray();
        }
        return row;
    }

    /// <summary>Throws <see cref="InvalidDataException"/> for a row that is not a segment (someone wrote to the table).</summary>
    public static AuditSegment FromRow(TableEntity row)
    {
        using var compressed = new MemoryStream();
        for (var i = 0; row.GetBinary(DataColumnPrefix + i) is { } part; i++) compressed.Write(part);
        try
        {
            compressed.Position = 0;
            using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
            using var content = new MemoryStream();
            gzip.CopyTo(content);
            return new AuditSegment(row.RowKey, content.ToArray());
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"audit row {row.PartitionKey}/{row.RowKey} is not a stored segment.", e);
        }
    }

    private static AuditSegment Of(IAuditRecord newest, List<byte[]> events)
    {
        using var content = new MemoryStream();
        content.WriteByte((byte)'[');
        for (var i = 0; i < events.Count; i++)
        {
            if (i > 0) content.WriteByte((byte)',');
            content.Write(events[i]);
        }
        content.WriteByte((byte)']');
        var bytes = content.ToArray();
        var hash = SHA256.HashData(bytes);
        // The content's hash in the key: a redelivered batch lands on its own row again, an event that came in two
        // differently cut batches gets two rows (queries list it once) instead of one overwriting the other.
        return new AuditSegment($"{AuditRowKeys.NewestFirst(newest.Time, newest.Id)}.{KeyHash(hash)}", bytes, hash);
    }

    private static string KeyHash(byte[] contentHash) => Convert.ToHexStringLower(contentHash)[..16];

    private static byte[] Compress(byte[] content)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(content);
        return compressed.ToArray();
    }
}
