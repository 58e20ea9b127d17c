namespace Paralus.Domain.Audit;

/// <summary>Filters for a system audit query (<c>SystemAuditLog.QueryAsync</c>); all optional, combined with "and".</summary>
public sealed record SystemAuditQuery(
    string? Actor = null,
    string? Action = null,
    string? Project = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    int Limit = 100,
    string? Continue = null);
