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
    string? Continue = null);

/// <summary>One page of a kubectl audit query; <see cref="Continue"/> asks for the next.</summary>
public sealed record KubectlAuditPage(IReadOnlyList<KubectlAuditEvent> Items, string? Continue);
