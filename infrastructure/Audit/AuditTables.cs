using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Paralus.Infrastructure.Storage;

namespace Paralus.Infrastructure.Audit;

/// <summary>
/// Where an audit log lives: per UTC day a table of the organization's segments and a table of index segments, so
/// retention drops a day with one call; and one table of hash-chain heads.
/// </summary>
internal sealed class AuditTables(TableServiceClient service, string prefix, string eventsStem, string indexStem, string headsTable)
{
    private readonly ConcurrentDictionary<string, Task> _created = new(StringComparer.Ordinal);

    public TableServiceClient Service => service;

    public string Events(DateOnly day) => $"{prefix}{eventsStem}{day:yyyyMMdd}";

    public string Index(DateOnly day) => $"{prefix}{indexStem}{day:yyyyMMdd}";

    public string Heads => prefix + headsTable;

    public static DateOnly Day(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime);

    public static string IndexPartition(string organizationId, string by, string value) => $"{organizationId}|{by}|{RowKeys.Escape(value)}";

    /// <summary>This log's per-day tables, listed from the account.</summary>
    public async IAsyncEnumerable<(string Name, DateOnly Day)> DayTablesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var table in service.QueryAsync(cancellationToken: cancellationToken))
        {
            if (DayOf(table.Name) is { } day) yield return (table.Name, day);
        }
    }

    /// <summary>The day a per-day table of this log holds, or null for any other table.</summary>
    private DateOnly? DayOf(string table)
    {
        foreach (var stem in (ReadOnlySpan<string>)[eventsStem, indexStem])
        {
            if (table.Length == prefix.Length + stem.Length + 8 && table.StartsWith(prefix + stem, StringComparison.Ordinal)
                && DateOnly.TryParseExact(table[^8..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return day;
            }
        }
        return null;
    }

    /// <summary>The days from <paramref name="from"/> to <paramref name="to"/> this log has a table of, newest first: one listing instead of a request per day.</summary>
    public async Task<IReadOnlyList<DateOnly>> DaysAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var days = new SortedSet<DateOnly>();
        await foreach (var (_, day) in DayTablesAsync(cancellationToken))
        {
            if (day >= from && day <= to) days.Add(day);
        }
        return days.Reverse().ToArray();
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
