using System.Collections.Concurrent;
using System.Globalization;
using Azure.Data.Tables;
using Paralus.Domain.Audit;
using Paralus.Infrastructure.Storage;

namespace Paralus.Infrastructure.Audit;

/// <summary>
/// Where kubectl audit lives: per UTC day a table of the organization's segments and a table of index segments (by
/// cluster, user and project), so retention drops a day with one call; and one table of hash-chain heads.
/// </summary>
internal sealed class KubectlAuditTables(TableServiceClient service, string prefix)
{
    private const string EventsName = "kubectlaudit";
    private const string IndexName = "kauditindex";
    private readonly ConcurrentDictionary<string, Task> _created = new(StringComparer.Ordinal);

    public TableServiceClient Service => service;

    public string Events(DateOnly day) => $"{prefix}{EventsName}{day:yyyyMMdd}";

    public string Index(DateOnly day) => $"{prefix}{IndexName}{day:yyyyMMdd}";

    public string Heads => prefix + "kauditchain";

    public static DateOnly Day(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime);

    public static string IndexPartition(string organizationId, string by, string value) => $"{organizationId}|{by}|{RowKeys.Escape(value)}";

    public static IEnumerable<string> IndexPartitions(KubectlAuditEvent e)
    {
        yield return IndexPartition(e.OrganizationId, "cluster", e.Cluster);
        yield return IndexPartition(e.OrganizationId, "user", e.User);
        if (e.Project is { Length: > 0 } project) yield return IndexPartition(e.OrganizationId, "project", project);
    }

    /// <summary>The day a per-day table holds, or null for any other table.</summary>
    public DateOnly? DayOf(string table)
    {
        foreach (var name in (ReadOnlySpan<string>)[EventsName, IndexName])
        {
            if (table.Length == prefix.Length + name.Length + 8 && table.StartsWith(prefix + name, StringComparison.Ordinal)
                && DateOnly.TryParseExact(table[^8..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return day;
            }
        }
        return null;
    }

    /// <summary>The table, created on first use (once per process).</summary>
    public async Task<TableClient> OpenAsync(string name, CancellationToken cancellationToken)
    {
        var client = service.GetTableClient(name);
        var creation = _created.GetOrAdd(name, _ => client.CreateIfNotExistsAsync(cancellationToken));
        try
        {
            await creation;
        }
        catch
        {
            _created.TryRemove(name, out _);
            throw;
        }
        return client;
    }

    public void Forget(string name) => _created.TryRemove(name, out _);
}
