using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Paralus.Domain.Audit;
using Paralus.Infrastructure.Storage;

namespace Paralus.Infrastructure.Audit;

/// <summary>
/// What was done in the control plane, in an <see cref="AuditStore{T}"/> like the kubectl audit: tables
/// <c>systemaudit</c> and <c>sauditindex</c> per day (index partitions by actor, action and project), chain heads
/// in <c>sauditchain</c>. Each event is written as it happens, so each is a segment of its own.
/// </summary>
public sealed class SystemAuditLog
{
    /// <summary>How far back a query without a start reads.</summary>
    public static readonly TimeSpan DefaultSpan = TimeSpan.FromDays(366);

    private static readonly AuditRecordKind<SystemAuditEvent> Kind = new(AuditLogs.System, "systemaudit", "sauditindex", "sauditchain", redelivered: false,
        e => [("actor", e.Actor), ("action", e.Action), ("project", e.Project)]);

    private readonly AuditStore<SystemAuditEvent> _store;

    public SystemAuditLog(TableServiceClient service, IOptions<TableStorageOptions> options)
    {
        _store = new AuditStore<SystemAuditEvent>(service, options.Value.TablePrefix, Kind);
    }

    internal AuditTables Tables => _store.Tables;

    /// <summary>The chain heads' table; the per-day tables come with their first event.</summary>
    public Task EnsureTablesAsync(CancellationToken cancellationToken) => _store.Tables.OpenAsync(_store.Tables.Heads, cancellationToken);

    /// <summary>Throws <see cref="RequestFailedException"/> when storage refuses.</summary>
    public Task WriteAsync(string organizationId, SystemAuditEvent auditEvent, CancellationToken cancellationToken) =>
        _store.WriteAsync(organizationId, [auditEvent], cancellationToken);

    /// <summary>Newest first; the most selective index is read. Without a start, the last <see cref="DefaultSpan"/>.</summary>
    public async Task<SystemAuditPage> QueryAsync(string organizationId, SystemAuditQuery query, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var until = query.Until ?? now;
        (string, string)? index = query switch
        {
            { Actor: { } actor } => ("actor", actor),
            { Project: { } project } => ("project", project),
            { Action: { } action } => ("action", action),
            _ => null,
        };
        var (items, next) = await _store.QueryAsync(organizationId, index, query.Matches, query.Since ?? until - DefaultSpan, until, query.Limit, query.Continue,
            cancellationToken);
        return new SystemAuditPage(items, next);
    }

    /// <summary>Drops every day older than <paramref name="cutoff"/>'s day, with its chain heads; answers which days went.</summary>
    public Task<IReadOnlyList<DateOnly>> DropDaysBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        _store.DropDaysBeforeAsync(cutoff, cancellationToken);

    public Task<AuditVerification> VerifyAsync(string organizationId, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        _store.VerifyAsync(organizationId, from, to, cancellationToken);
}
