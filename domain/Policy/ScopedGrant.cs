using Paralus.Domain.Model;

namespace Paralus.Domain.Policy;

/// <summary>
/// A grant of one permission at one scope, with project and namespace names replaced by indices
/// so that testing coverage compares integers rather than strings. Arrays of them are kept sorted by
/// <see cref="Project"/> (<see cref="Any"/>, organization scope included, first), so a question about
/// one project only looks at the wildcard prefix and that project's range.
/// </summary>
internal readonly struct ScopedGrant(ScopeKind kind, int project, int @namespace, PolicyGrant grant)
{
    /// <summary>A "*" in the binding: matches any project or namespace.</summary>
    public const int Any = -1;

    /// <summary>A target name that no binding mentions: only <see cref="Any"/> matches it.</summary>
    public const int Unindexed = -2;

    public readonly ScopeKind Kind = kind;
    public readonly int Project = project;
    public readonly int Namespace = @namespace;
    public readonly PolicyGrant Grant = grant;

    /// <summary>
    /// Organization covers everything; a project scope covers the project and its namespaces;
    /// a namespace scope covers only that namespace.
    /// </summary>
    public bool Covers(ScopeKind targetKind, int targetProject, int targetNamespace) => Kind switch
    {
        ScopeKind.Organization => true,
        ScopeKind.Project => targetKind != ScopeKind.Organization && (Project == Any || Project == targetProject),
        _ => targetKind == ScopeKind.Namespace
             && (Project == Any || Project == targetProject)
             && (Namespace == Any || Namespace == targetNamespace),
    };

    /// <summary>The leading grants that name no particular project: organization scope and "*" projects.</summary>
    public static ReadOnlySpan<ScopedGrant> AnyProject(ReadOnlySpan<ScopedGrant> grants)
    {
        var count = 0;
        while (count < grants.Length && grants[count].Project == Any) count++;
        return grants[..count];
    }

    /// <summary>The grants naming <paramref name="project"/>, found by binary search; empty for an unindexed project.</summary>
    public static ReadOnlySpan<ScopedGrant> OfProject(ReadOnlySpan<ScopedGrant> grants, int project)
    {
        if (project < 0) return [];
        int low = 0, high = grants.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (grants[middle].Project < project) low = middle + 1;
            else high = middle;
        }

        var end = low;
        while (end < grants.Length && grants[end].Project == project) end++;
        return grants[low..end];
    }
}
