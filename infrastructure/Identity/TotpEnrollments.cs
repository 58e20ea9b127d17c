using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Paralus.Infrastructure.Storage;

namespace Paralus.Infrastructure.Identity;

/// <summary>
/// Local users' authenticator enrollments, by organization and user id, in a table of their own (relays never read
/// it). Writes are conditional on what was read, so two sign-ins racing with one code cannot both use it.
/// </summary>
public sealed class TotpEnrollments(TableServiceClient service, IOptions<TableStorageOptions> options, SecretProtector protector)
{
    private readonly TableClient _table = service.GetTableClient(options.Value.TablePrefix + "totp");

    public Task EnsureTableAsync(CancellationToken cancellationToken) => _table.CreateIfNotExistsAsync(cancellationToken);

    public async Task<(TotpEnrollment Enrollment, ETag ETag)?> GetAsync(string organizationId, string userId, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(organizationId, userId, cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value!.GetString("Secret") is not { } sealedSecret) return null;
        var secret = protector.Unprotect(sealedSecret, Context(organizationId, userId))
            ?? throw new InvalidOperationException($"the authenticator secret of user {userId} does not decrypt: the secrets key changed or the row was altered.");
        var hashes = row.Value.GetString("RecoveryCodeHashes") is { Length: > 0 } joined ? joined.Split(',') : [];
        return (new TotpEnrollment(Convert.FromBase64String(secret), row.Value.GetBoolean("Enabled") ?? false, row.Value.GetInt64("LastStep") ?? 0, hashes), row.Value.ETag);
    }

    /// <summary>Writes the enrollment; with <paramref name="expected"/>, only if nobody changed it since. False when someone did.</summary>
    public async Task<bool> SaveAsync(string organizationId, string userId, TotpEnrollment enrollment, ETag? expected, CancellationToken cancellationToken)
    {
        var row = new TableEntity(organizationId, userId)
        {
            ["Secret"] = protector.Protect(Convert.ToBase64String(enrollment.Secret), Context(organizationId, userId)),
            ["Enabled"] = enrollment.Enabled,
            ["LastStep"] = enrollment.LastStep,
            ["RecoveryCodeHashes"] = string.Join(',', enrollment.RecoveryCodeHashes),
        };
        try
        {
            if (expected is { } etag) await _table.UpdateEntityAsync(row, etag, TableUpdateMode.Replace, cancellationToken);
            else await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    public Task DeleteAsync(string organizationId, string userId, CancellationToken cancellationToken) =>
        _table.DeleteIfPresentAsync(organizationId, userId, cancellationToken);

    private static string Context(string organizationId, string userId) => $"totp-secret|{organizationId}|{userId}";
}
