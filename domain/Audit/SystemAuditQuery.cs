namespace Paralus.Domain.Audit;

/// <summary>Filters for <see cref="SystemAuditLog.QueryAsync"/>; all optional, combined with "and".</summary>
public sealed record SystemAuditQuery(
    string? Actor = null,
    string? Action = null,
    string? Project = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    int Limit = 100,
    string? Continue = null);
