namespace Paralus.Domain.Contracts;

/// <summary><see cref="Outcome"/> is "success", "denied" or "failure".</summary>
public sealed record SystemAuditEventResource(
    string Id,
    DateTimeOffset Time,
    string Actor,
    string Action,
    string Target,
    string? Project,
    string Outcome,
    string? ClientAddress,
    string? UserAgent,
    string? Detail);
