using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Paralus.Domain.Text;
using Paralus.Infrastructure.Storage;

namespace Paralus.Infrastructure.Identity;

/// <summary>
/// The short-lived state of company sign-in (an authorization under way, a one-time code, a device sign-in, a refresh
/// session), by organization. Rows are keyed by a hash of their handle, so the table holds nothing a reader could
/// present; taking a row deletes it under its ETag, so of two concurrent redemptions exactly one succeeds.
/// </summary>
public sealed class SignInStore(TableServiceClient service, IOptions<TableStorageOptions> options, TimeProvider time)
{
    private readonly TableClient _table = service.GetTableClient(options.Value.TablePrefix + "signins");

    public Task EnsureTableAsync(CancellationToken cancellationToken) => _table.CreateIfNotExistsAsync(cancellationToken);

    public async Task SaveAsync<T>(string organizationId, string handle, T record, DateTimeOffset expiresAt, CancellationToken cancellationToken)
        where T : ISignInRecord
    {
        var row = new TableEntity(organizationId, RowKey<T>(handle)) { ["Data"] = JsonSerializer.Serialize(record, StorageJson.Options), ["ExpiresAt"] = expiresAt };
        await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Reads and deletes: null when unknown, expired, or already taken.</summary>
    public async Task<T?> TakeAsync<T>(string organizationId, string handle, CancellationToken cancellationToken) where T : class, ISignInRecord
    {
        if (await ReadAsync<T>(organizationId, handle, cancellationToken) is not var (record, etag, expiresAt)) return null;
        try
        {
            await _table.DeleteEntityAsync(organizationId, RowKey<T>(handle), etag, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return null;
        }
        return time.GetUtcNow() < expiresAt ? record : null;
    }

    /// <summary>Reads without taking (a device sign-in is polled many times); null when unknown or expired.</summary>
    public async Task<T?> PeekAsync<T>(string organizationId, string handle, CancellationToken cancellationToken) where T : class, ISignInRecord =>
        await ReadAsync<T>(organizationId, handle, cancellationToken) is var (record, _, expiresAt) && time.GetUtcNow() < expiresAt ? record : null;

    public Task DeleteAsync<T>(string organizationId, string handle, CancellationToken cancellationToken) where T : ISignInRecord =>
        _table.DeleteIfPresentAsync(organizationId, RowKey<T>(handle), cancellationToken);

    /// <summary>Deletes the organization's rows that have expired (sign-ins never completed, codes never redeemed, ended sessions); returns how many.</summary>
    public async Task<int> DeleteExpiredAsync(string organizationId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var deleted = 0;
        var expired = TableClient.CreateQueryFilter($"PartitionKey eq {organizationId} and ExpiresAt lt {now}");
        await foreach (var row in _table.QueryAsync<TableEntity>(expired, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            // A row taken or deleted meanwhile is no error.
            if (await _table.DeleteIfPresentAsync(organizationId, row.RowKey, cancellationToken)) deleted++;
        }
        return deleted;
    }

    private async Task<(T Record, ETag ETag, DateTimeOffset ExpiresAt)?> ReadAsync<T>(string organizationId, string handle, CancellationToken cancellationToken)
        where T : class, ISignInRecord
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(organizationId, RowKey<T>(handle), cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value!.GetString("Data") is not { } data || row.Value.GetDateTimeOffset("ExpiresAt") is not { } expiresAt) return null;
        return JsonSerializer.Deserialize<T>(data, StorageJson.Options) is { } record ? (record, row.Value.ETag, expiresAt) : null;
    }

    private static string RowKey<T>(string handle) where T : ISignInRecord =>
        $"{T.Kind}:{Base64Url.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(handle)))}";
}

/// <summary>A kind of sign-in state; <see cref="Kind"/> prefixes its rows.</summary>
public interface ISignInRecord
{
    static abstract string Kind { get; }
}
