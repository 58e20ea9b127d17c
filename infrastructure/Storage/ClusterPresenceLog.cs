using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace Paralus.Infrastructure.Storage;

/// <summary>
/// Which relays hold a tunnel to which cluster, as the relays report it every few seconds. Kept outside the
/// directory table: heartbeats must not advance the directory revision.
/// </summary>
public sealed class ClusterPresenceLog(TableServiceClient service, IOptions<TableStorageOptions> options)
{
    private readonly TableClient _table = service.GetTableClient(options.Value.TablePrefix + "clusterpresence");

    public Task EnsureTableAsync(CancellationToken cancellationToken) => _table.CreateIfNotExistsAsync(cancellationToken);

    public Task ReportAsync(string organizationId, string clusterId, string relayId, DateTimeOffset seenAt, CancellationToken cancellationToken) =>
        _table.UpsertEntityAsync(new TableEntity(organizationId, $"{RowKeys.Escape(clusterId)}|{RowKeys.Escape(relayId)}")
        {
            ["ClusterId"] = clusterId,
            ["RelayId"] = relayId,
            ["SeenAt"] = seenAt,
        }, TableUpdateMode.Replace, cancellationToken);

    /// <summary>Every cluster's reports, by cluster id; empty before any relay reported.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<RelayPresence>>> ReadAsync(string organizationId, CancellationToken cancellationToken)
    {
        var byCluster = new Dictionary<string, List<RelayPresence>>(StringComparer.Ordinal);
        try
        {
            await foreach (var row in _table.QueryAsync<TableEntity>(r => r.PartitionKey == organizationId, cancellationToken: cancellationToken))
            {
                var clusterId = row.GetString("ClusterId");
                if (!byCluster.TryGetValue(clusterId, out var list)) byCluster[clusterId] = list = [];
                list.Add(new RelayPresence(row.GetString("RelayId"), row.GetDateTimeOffset("SeenAt") ?? DateTimeOffset.MinValue));
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No relay has reported yet.
        }
        return byCluster.ToDictionary(p => p.Key, p => (IReadOnlyList<RelayPresence>)p.Value, StringComparer.Ordinal);
    }
}
