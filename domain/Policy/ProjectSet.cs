namespace Paralus.Domain.Policy;

/// <summary>
/// The projects in which a user holds a permission: every project (an organization-wide or
/// any-project binding grants it) or a finite set of project ids.
/// </summary>
public sealed class ProjectSet
{
    private static readonly IReadOnlySet<string> NoIds = new HashSet<string>(StringComparer.Ordinal);

    private ProjectSet(bool all, IReadOnlySet<string> projectIds)
    {
        All = all;
        ProjectIds = projectIds;
    }

    public static ProjectSet None { get; } = new(false, NoIds);

    public static ProjectSet Everything { get; } = new(true, NoIds);

    /// <summary>True when the permission holds in every project, present and future.</summary>
    public bool All { get; }

    /// <summary>The projects named by bindings; empty when <see cref="All"/> is true.</summary>
    public IReadOnlySet<string> ProjectIds { get; }

    public bool IsEmpty => !All && ProjectIds.Count == 0;

    public bool Contains(string projectId) => All || ProjectIds.Contains(projectId);

    internal static ProjectSet Of(HashSet<string> projectIds) => projectIds.Count == 0 ? None : new(false, projectIds);

    public override string ToString() => All ? "all projects" : "projects [" + string.Join(", ", ProjectIds.Order(StringComparer.Ordinal)) + "]";
}
