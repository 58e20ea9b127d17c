using Paralus.Domain.Audit;
using Paralus.Domain.Security;
using Paralus.Functions.Configuration;
using Paralus.Infrastructure.Audit;

namespace Paralus.Functions.Pipeline;

/// <summary>Records control-plane actions with who, from where and with what outcome. Audit failures are logged, never fail the request.</summary>
internal sealed partial class AuditTrail(SystemAuditLog log, ServedOrganization organization, TimeProvider time, ILogger<AuditTrail> logger)
{
    public async Task RecordAsync(HttpContext http, string actor, string action, string target, string? project, string outcome, string? detail = null)
    {
        var auditEvent = new SystemAuditEvent(
            RandomTokens.Id(16),
            time.GetUtcNow(),
            actor,
            action,
            target,
            project,
            outcome,
            http.Connection.RemoteIpAddress?.ToString(),
            Truncate(http.Request.Headers.UserAgent.ToString(), 256),
            Truncate(detail, 1024));
        try
        {
            await log.WriteAsync(organization.Id, auditEvent, CancellationToken.None);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or IOException)
        {
            LogAuditWriteFailed(logger, action, target, e);
        }
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];

    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "Could not write audit event {Action} on {Target}")]
    private static partial void LogAuditWriteFailed(ILogger logger, string action, string target, Exception exception);
}
