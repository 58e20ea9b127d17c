namespace Paralus.Domain.Audit;

/// <summary>Filters of a kubectl audit query; null means any. Newest first, <see cref="Limit"/> per page.</summary>
public sealed record KubectlAuditQuery(
    string? Cluster = null,
    string? Project = null,
    string? User = null,
    string? Namespace = null,
    string? Resource = null,
    string? Name = null,
    string? Verb = null,
    string? Decision = null,
    int? StatusClass = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    int Limit = 100,
    string? Continue = null)
{
    /// <summary>Whether the record passes every filter but the time range.</summary>
    public bool Matches(KubectlAuditEvent e) =>
        Is(Cluster, e.Cluster) && Is(Project, e.Project) && Is(User, e.User) && Is(Namespace, e.Namespace) && Is(Resource, e.Resource)
        && Is(Name, e.Name) && Is(Verb, e.Verb) && Is(Decision, e.Decision) && (StatusClass is not { } status || e.Status / 100 == status);

    private static bool Is(string? wanted, string? value) => wanted is null || string.Equals(wanted, value, StringComparison.Ordinal);
}

/// <summary>One page of a kubectl audit query; <see cref="Continue"/> asks for the next.</summary>
public sealed record KubectlAuditPage(IReadOnlyList<KubectlAuditEvent> Items, string? Continue);
