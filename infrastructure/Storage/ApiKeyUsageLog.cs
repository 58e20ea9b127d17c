using System.Collections.Concurrent;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace Paralus.Infrastructure.Storage;

/// <summary>
/// When each API key was last used. Kept outside the directory table so authenticating never advances the
/// directory revision, and written at most once per key every <see cref="Resolution"/>.
/// </summary>
public sealed class ApiKeyUsageLog(TableServiceClient service, IOptions<TableStorageOptions> options, TimeProvider time)
{
    public static readonly TimeSpan Resolution = TimeSpan.FromMinutes(5);

    private readonly TableClient _table = service.GetTableClient(options.Value.TablePrefix + "apikeyusage");
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastWritten = new(StringComparer.Ordinal);

    public Task EnsureTableAsync(CancellationToken cancellationToken) => _table.CreateIfNotExistsAsync(cancellationToken);

    public async Task RecordAsync(string organizationId, string keyId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_lastWritten.TryGetValue(keyId, out var last) && now - last < Resolution) return;
        _lastWritten[keyId] = now;
        await _table.UpsertEntityAsync(new TableEntity(organizationId, keyId) { ["LastUsedAt"] = now }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> ReadAsync(string organizationId, CancellationToken cancellationToken)
    {
        var usage = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await foreach (var row in _table.QueryAsync<TableEntity>(r => r.PartitionKey == organizationId, cancellationToken: cancellationToken))
        {
            if (row.GetDateTimeOffset("LastUsedAt") is { } at) usage[row.RowKey] = at;
        }
        return usage;
    }
}
