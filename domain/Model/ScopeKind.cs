namespace Paralus.Domain.Model;

/// <summary>Where a role applies, as in Paralus: the whole organization, one project, or one namespace of a project.</summary>
public enum ScopeKind
{
    Organization,
    Project,
    Namespace,
}
