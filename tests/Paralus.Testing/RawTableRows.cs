using Azure.Data.Tables;

namespace Paralus.Testing;

/// <summary>Reads what is really stored, bypassing the API, to check what it must (and must not) have written.</summary>
public static class RawTableRows
{
    public static async Task<List<(string Table, string RowKey, IReadOnlyList<string> Strings)>> ReadAsync(string connectionString, Func<string, bool>? tableFilter = null)
    {
        var service = new TableServiceClient(connectionString);
        var rows = new List<(string, string, IReadOnlyList<string>)>();
        await foreach (var table in service.QueryAsync())
        {
            if (tableFilter is not null && !tableFilter(table.Name)) continue;
            await foreach (var row in service.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                rows.Add((table.Name, row.RowKey, ((IDictionary<string, object>)row).Values.OfType<string>().ToArray()));
            }
        }
        return rows;
    }

    /// <summary>Access events the control plane has written and not yet published (its outbox rows).</summary>
    public static async Task<List<(string Table, string RowKey, IReadOnlyList<string> Strings)>> PendingAccessEventsAsync(string connectionString, string tablePrefix) =>
        (await ReadAsync(connectionString, table => table == tablePrefix + "directory"))
            .Where(row => row.RowKey.StartsWith("outbox|", StringComparison.Ordinal)).ToList();
}
