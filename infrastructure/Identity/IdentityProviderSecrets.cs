using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Paralus.Infrastructure.Storage;

namespace Paralus.Infrastructure.Identity;

/// <summary>
/// Identity providers' client secrets, encrypted, in a table of their own: the directory partition is read by every
/// relay, which has no business holding them, encrypted or not.
/// </summary>
public sealed class IdentityProviderSecrets(TableServiceClient service, IOptions<TableStorageOptions> options, SecretProtector protector)
{
    private readonly TableClient _table = service.GetTableClient(options.Value.TablePrefix + "idpsecrets");

    public Task EnsureTableAsync(CancellationToken cancellationToken) => _table.CreateIfNotExistsAsync(cancellationToken);

    public Task SetAsync(string organizationId, string providerId, string clientSecret, CancellationToken cancellationToken) =>
        _table.UpsertEntityAsync(new TableEntity(organizationId, providerId) { ["Secret"] = protector.Protect(clientSecret, Context(organizationId, providerId)) },
            TableUpdateMode.Replace, cancellationToken);

    /// <summary>Null when the provider has no secret (a public client).</summary>
    public async Task<string?> GetAsync(string organizationId, string providerId, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(organizationId, providerId, cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value!.GetString("Secret") is not { } stored) return null;
        return protector.Unprotect(stored, Context(organizationId, providerId))
            ?? throw new InvalidOperationException($"the client secret of identity provider {providerId} does not decrypt: the secrets key changed or the row was altered; set the secret again.");
    }

    /// <summary>The providers of the organization that have a secret stored.</summary>
    public async Task<IReadOnlySet<string>> ProvidersWithSecretAsync(string organizationId, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in _table.QueryAsync<TableEntity>(r => r.PartitionKey == organizationId, select: ["RowKey"], cancellationToken: cancellationToken)) ids.Add(row.RowKey);
        return ids;
    }

    public Task DeleteAsync(string organizationId, string providerId, CancellationToken cancellationToken) =>
        _table.DeleteIfPresentAsync(organizationId, providerId, cancellationToken);

    private static string Context(string organizationId, string providerId) => $"idp-client-secret|{organizationId}|{providerId}";
}
