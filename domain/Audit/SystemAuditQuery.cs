namespace Paralus.Domain.Audit;

/// <summary>Filters for a system audit query (<c>SystemAuditLog.QueryAsync</c>); all optional, combined with "and".</summary>
public sealed record SystemAuditQuery(
    string? Actor = null,
    string? Action = null,
    string? Project = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    int Limit = 100,
    string? Continue = null)
{
    /// <summary>Whether the event passes every filter but the time range.</summary>
    public bool Matches(SystemAuditEvent e) => Is(Actor, e.Actor) && Is(Action, e.Action) && Is(Project, e.Project);

    private static bool Is(string? wanted, string? value) => wanted is null || string.Equals(wanted, value, StringComparison.Ordinal);
}
