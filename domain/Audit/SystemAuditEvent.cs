namespace Paralus.Domain.Audit;

/// <summary>One control-plane action or login attempt. <see cref="Outcome"/> is "success", "denied" or "failure".</summary>
public sealed record SystemAuditEvent(
    string Id,
    DateTimeOffset Time,
    string Actor,
    string Action,
    string Target,
    string? Project,
    string Outcome,
    string? ClientAddress,
    string? UserAgent,
    string? Detail = null) : IAuditRecord;
