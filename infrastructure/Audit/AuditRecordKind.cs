using Paralus.Domain.Audit;

namespace Paralus.Infrastructure.Audit;

/// <summary>
/// How one audit log is stored: <see cref="Log"/> (one of <see cref="AuditLogs"/>), the stems of its per-day table
/// names, its chain heads' table, and the index partitions a record goes under (by what, which value).
/// </summary>
internal sealed class AuditRecordKind<T>(string log, string eventsStem, string indexStem, string headsTable, Func<T, IEnumerable<(string By, string? Value)>> indexKeys)
    where T : class, IAuditRecord
{
    public string Log => log;

    public string EventsStem => eventsStem;

    public string IndexStem => indexStem;

    public string HeadsTable => headsTable;

    public IEnumerable<string> IndexPartitions(string organizationId, T record) =>
        indexKeys(record).Where(k => k.Value is { Length: > 0 }).Select(k => AuditTables.IndexPartition(organizationId, k.By, k.Value!));
}
