using Paralus.Functions.Configuration;
using Paralus.Infrastructure.Audit;
using Paralus.Infrastructure.Storage;

namespace Paralus.Functions.Triggers;

/// <summary>
/// Timer function "audit-retention": drops the days of system and kubectl audit older than the organization's
/// retention, whole. The Functions host invokes it as a custom-handler POST; locally
/// <see cref="LocalTriggerHost"/> calls the same method.
/// </summary>
internal sealed class AuditRetentionTrigger(SystemAuditLog log, KubectlAuditLog kubectlAudit, DirectoryViewCache views, ServedOrganization organization,
    TimeProvider time) : ITimerFunction
{
    public const string FunctionName = "audit-retention";

    public string Name => FunctionName;

    public TimeSpan LocalPeriod => TimeSpan.FromHours(1);

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var view = await views.GetAsync(organization.Id, cancellationToken);
        var cutoff = time.GetUtcNow() - view.Settings.Value.AuditRetention;
        var systemDays = await log.DropDaysBeforeAsync(cutoff, cancellationToken);
        var kubectlDays = await kubectlAudit.DropDaysBeforeAsync(cutoff, cancellationToken);
        return $"dropped {systemDays.Count} days of system audit and {kubectlDays.Count} days of kubectl audit before {cutoff:yyyy-MM-dd}";
    }
}
