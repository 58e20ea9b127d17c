using Paralus.Domain.Audit;

namespace Paralus.Infrastructure.Audit;

/// <summary>
/// How one audit log is stored: <see cref="Log"/> (one of <see cref="AuditLogs"/>), the stems of its per-day table
/// names, its chain heads' table, the index partitions a record goes under (by what, which value), and whether a
/// record can come again (<see cref="Redelivered"/>: a queue delivers at least once).
/// </summary>
internal sealed class AuditRecordKind<T>(string log, string eventsStem, string indexStem, string headsTable, bool redelivered,
    Func<T, IEnumerable<(string By, string? Value)>> indexKeys)
    where T : class, IAuditRecord
{
    public bool Redelivered => redelivered;

    public string Log => log;

    public string EventsStem => eventsStem;

    public string IndexStem => indexStem;

    public string HeadsTable => headsTable;

    public IEnumerable<string> IndexPartitions(string organizationId, T record) =>
        indexKeys(record).Where(k => k.Value is { Length: > 0 }).Select(k => AuditTables.IndexPartition(organizationId, k.By, k.Value!));
}
