using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Paralus.Domain.Audit;
using Paralus.Infrastructure.Storage;

namespace Paralus.Infrastructure.Audit;

/// <summary>
/// What people did with kubectl, in an <see cref="AuditStore{T}"/>: tables <c>kubectlaudit</c> and
/// <c>kauditindex</c> per day (index partitions by cluster, user and project), chain heads in <c>kauditchain</c>.
/// </summary>
public sealed class KubectlAuditLog
{
    private static readonly AuditRecordKind<KubectlAuditEvent> Kind = new(AuditLogs.Kubectl, "kubectlaudit", "kauditindex", "kauditchain", redelivered: true,
        e => [("cluster", e.Cluster), ("user", e.User), ("project", e.Project)]);

    private readonly AuditStore<KubectlAuditEvent> _store;

    public KubectlAuditLog(TableServiceClient service, IOptions<TableStorageOptions> options)
    {
        _store = new AuditStore<KubectlAuditEvent>(service, options.Value.TablePrefix, Kind);
    }

    internal AuditTables Tables => _store.Tables;

    /// <summary>Stores the events. Throws <see cref="RequestFailedException"/> when storage refuses; a retry completes what the failure left.</summary>
    public async Task WriteAsync(IReadOnlyList<KubectlAuditEvent> events, CancellationToken cancellationToken) =>
        await Task.WhenAll(events.GroupBy(e => e.OrganizationId, StringComparer.Ordinal).Select(o => _store.WriteAsync(o.Key, o.ToArray(), cancellationToken)));

    /// <summary>Newest first, across days from <see cref="KubectlAuditQuery.Until"/> back to <see cref="KubectlAuditQuery.Since"/>; the most selective index is read.</summary>
    public async Task<KubectlAuditPage> QueryAsync(string organizationId, KubectlAuditQuery query, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var until = query.Until ?? now;
        (string, string)? index = query switch
        {
            { User: { } user } => ("user", user),
            { Cluster: { } cluster } => ("cluster", cluster),
            { Project: { } project } => ("project", project),
            _ => null,
        };
        var (items, next) = await _store.QueryAsync(organizationId, index, query.Matches, query.Since ?? until.AddDays(-1), until, query.Limit, query.Continue, cancellationToken);
        return new KubectlAuditPage(items, next);
    }

    /// <summary>Drops every day older than <paramref name="cutoff"/>'s day, with its chain heads; answers which days went.</summary>
    public Task<IReadOnlyList<DateOnly>> DropDaysBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        _store.DropDaysBeforeAsync(cutoff, cancellationToken);

    public Task<AuditVerification> VerifyAsync(string organizationId, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        _store.VerifyAsync(organizationId, from, to, cancellationToken);
}
