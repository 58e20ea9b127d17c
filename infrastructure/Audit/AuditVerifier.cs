using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Paralus.Domain.Audit;

namespace Paralus.Infrastructure.Audit;

/// <summary>
/// Recomputes an organization's audit chains day by day (<see cref="AuditChain"/>) and checks the index copies
/// against the chained records: a row whose content no longer matches its key or its link is changed, a number the
/// head counts but no row holds is removed (the index copies tell which records it held), a row outside the chain
/// or a record only the index holds is inserted.
/// </summary>
internal sealed class AuditVerifier<T>(AuditTables tables, AuditRecordKind<T> kind) where T : class, IAuditRecord
{
    private const string Organization = "organization";

    public async Task<AuditVerification> VerifyAsync(string organizationId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var findings = new List<AuditFinding>();
        var (segments, records) = (0L, 0L);
        var heads = await tables.OpenAsync(tables.Heads, cancellationToken);
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var head = await AuditChain.ReadHeadAsync(heads, organizationId, day, cancellationToken);
            var chained = await ReadAsync(tables.Events(day), TableClient.CreateQueryFilter($"PartitionKey eq {organizationId}"), cancellationToken);
            var indexed = await ReadAsync(tables.Index(day),
                TableClient.CreateQueryFilter($"PartitionKey gt {organizationId + "|"} and PartitionKey lt {organizationId + "}"}"), cancellationToken);
            segments += chained.Count;
            var found = new DayCheck(kind, organizationId, day, findings);
            var stored = found.CheckChain(head, chained);
            records += stored.Count;
            found.CheckIndex(stored, indexed);
        }
        return new AuditVerification(from, to, segments, records, findings);
    }

    private async Task<List<TableEntity>> ReadAsync(string table, string filter, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        try
        {
            await foreach (var row in tables.Service.GetTableClient(table).QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken)) rows.Add(row);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Nothing was recorded that day.
        }
        return rows;
    }

    /// <summary>A chained row as read back; <see cref="Reported"/> once it was found changed.</summary>
    private sealed record StoredSegment(TableEntity Row, AuditSegment Segment, IReadOnlyCollection<string> Ids, byte[] Previous, byte[] Hash, bool Reported);

    /// <summary>The findings of one day.</summary>
    private sealed class DayCheck(AuditRecordKind<T> kind, string organizationId, DateOnly day, List<AuditFinding> findings)
    {
        private readonly List<long> _missing = [];

        /// <summary>Walks the chain from its start to the head; answers the records of every readable segment by id (raw JSON).</summary>
        public Dictionary<string, string> CheckChain(AuditChainHead head, List<TableEntity> rows)
        {
            var records = new Dictionary<string, string>(StringComparer.Ordinal);
            var bySeq = new Dictionary<long, List<StoredSegment>>();
            foreach (var row in rows)
            {
                if (Read(row) is not { } read) continue;
                var (segment, contents) = read;
                foreach (var (id, json) in contents) records.TryAdd(id, json);
                var changed = !segment.KeyMatchesContent;
                if (changed) Add(AuditFindingKinds.Changed, row, contents.Keys, "its records are not the ones stored");
                if (row.GetInt64(AuditChain.SeqColumn) is { } n && n >= 1 && n <= head.Seq)
                {
                    (bySeq.TryGetValue(n, out var same) ? same : bySeq[n] = []).Add(new StoredSegment(row, segment, contents.Keys, AuditChain.StoredHash(row, AuditChain.PreviousColumn), AuditChain.StoredHash(row), changed));
                }
                else if (!changed) Add(AuditFindingKinds.Inserted, row, contents.Keys, "the row is not in the chain");
            }

            byte[]? previous = AuditChain.Start;
            for (var n = 1L; n <= head.Seq; n++)
            {
                if (!bySeq.TryGetValue(n, out var candidates))
                {
                    _missing.Add(n);
                    previous = null;
                    continue;
                }
                // After a gap the link back cannot be recomputed; the genuine row is the one the chain goes on from.
                var genuine = candidates.FirstOrDefault(c => !c.Reported && Links(c) && (previous is null ? ChainGoesOn(c, n) : c.Previous.AsSpan().SequenceEqual(previous)));
                foreach (var other in candidates.Where(c => c != genuine && !c.Reported))
                {
                    Add(genuine is null ? AuditFindingKinds.Changed : AuditFindingKinds.Inserted, other.Row, other.Ids, $"it does not link to record #{n - 1} of the chain");
                }
                previous = (genuine ?? candidates[0]).Hash;
            }
            static bool Links(StoredSegment c) => c.Hash.AsSpan().SequenceEqual(AuditChain.Link(c.Previous, c.Row.RowKey, c.Segment.ContentHash));

            bool ChainGoesOn(StoredSegment c, long n) => n == head.Seq
                ? c.Hash.AsSpan().SequenceEqual(head.Hash)
                : bySeq.TryGetValue(n + 1, out var next) && next.Any(d => !d.Reported && d.Previous.AsSpan().SequenceEqual(c.Hash));

            if (previous is not null && head.Seq > 0 && !previous.AsSpan().SequenceEqual(head.Hash))
            {
                Add(AuditFindingKinds.Changed, Organization, [], "the chain does not end at its head");
            }
            return records;
        }

        /// <summary>Every index copy must be a chained record, and every chained record must be in each of its index partitions.</summary>
        public void CheckIndex(Dictionary<string, string> records, List<TableEntity> rows)
        {
            var orphans = new List<string>();
            var indexed = new HashSet<(string Partition, string Id)>();
            foreach (var row in rows)
            {
                if (Read(row) is not { Records: var copies }) continue;
                foreach (var (id, json) in copies)
                {
                    indexed.Add((row.PartitionKey, id));
                    if (!records.TryGetValue(id, out var original)) orphans.Add(id);
                    else if (original != json) Add(AuditFindingKinds.Changed, row, [id], "the index copy differs from the chained record");
                }
            }
            var orphanIds = orphans.Distinct(StringComparer.Ordinal).ToArray();
            if (_missing.Count > 0)
            {
                Add(AuditFindingKinds.Removed, Organization, orphanIds,
                    $"record{(_missing.Count == 1 ? "" : "s")} #{string.Join(", #", _missing)} of the chain {(_missing.Count == 1 ? "is" : "are")} missing");
            }
            else if (orphanIds.Length > 0)
            {
                Add(AuditFindingKinds.Inserted, "index", orphanIds, "the index holds records the chain does not");
            }

            foreach (var (id, json) in records)
            {
                var e = JsonSerializer.Deserialize<T>(json, AuditSegment.Json);
                if (e is null) continue;
                var absent = kind.IndexPartitions(organizationId, e).Where(p => !indexed.Contains((p, id))).ToArray();
                if (absent.Length > 0) Add(AuditFindingKinds.Removed, "index " + string.Join(", ", absent), [id], "the record is missing from the index");
            }
        }

        private void Add(string finding, TableEntity row, IEnumerable<string> ids, string detail) => Add(finding, $"{row.PartitionKey}/{row.RowKey}", ids, detail);

        private void Add(string finding, string where, IEnumerable<string> ids, string detail) =>
            findings.Add(new AuditFinding(kind.Log, day, finding, where, ids.ToArray(), detail));

        /// <summary>The row's segment and its records; null (and a finding) when it is not a segment any more.</summary>
        private (AuditSegment Segment, Dictionary<string, string> Records)? Read(TableEntity row)
        {
            try
            {
                var segment = AuditSegment.FromRow(row);
                return (segment, Records(segment));
            }
            catch (Exception e) when (e is InvalidDataException or JsonException)
            {
                Add(AuditFindingKinds.Changed, row, [], "the row is not a stored segment any more");
                return null;
            }
        }

        /// <summary>The segment's records by id, each as the JSON it was stored as.</summary>
        private static Dictionary<string, string> Records(AuditSegment segment)
        {
            var records = new Dictionary<string, string>(StringComparer.Ordinal);
            using var document = JsonDocument.Parse(segment.Content);
            foreach (var element in document.RootElement.EnumerateArray())
            {
                if (element.TryGetProperty("id", out var id) && id.GetString() is { } value) records[value] = element.GetRawText();
            }
            return records;
        }
    }
}
