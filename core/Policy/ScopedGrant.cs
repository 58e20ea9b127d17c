using Paralus.Core.Domain;

namespace Paralus.Core.Policy;

/// <summary>
/// A grant of one permission at one scope, with project and namespace names replaced by indices
/// so that testing coverage compares integers rather than strings.
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

    /// <summary>Organization or project scope that reaches the project: access to the whole cluster.</summary>
    public bool CoversWholeProject(int targetProject) =>
        Kind == ScopeKind.Organization || (Kind == ScopeKind.Project && (Project == Any || Project == targetProject));

    /// <summary>Namespace scope inside the project (or any project).</summary>
    public bool IsNamespaceIn(int targetProject) =>
        Kind == ScopeKind.Namespace && (Project == Any || Project == targetProject);
}
