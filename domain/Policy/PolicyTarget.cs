using Paralus.Domain.Model;

namespace Paralus.Domain.Policy;

/// <summary>
/// Where an authorization question is asked: the organization, one project, or one namespace of a project.
/// A value type so that asking a question allocates nothing.
/// </summary>
public readonly record struct PolicyTarget
{
    private PolicyTarget(ScopeKind kind, string? projectId, string? @namespace)
    {
        Kind = kind;
        ProjectId = projectId;
        Namespace = @namespace;
    }

    public ScopeKind Kind { get; }

    /// <summary>Set for <see cref="ScopeKind.Project"/> and <see cref="ScopeKind.Namespace"/> targets.</summary>
    public string? ProjectId { get; }

    /// <summary>Set for <see cref="ScopeKind.Namespace"/> targets.</summary>
    public string? Namespace { get; }

    public static PolicyTarget Organization => new(ScopeKind.Organization, null, null);

    public static PolicyTarget ForProject(string projectId)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        return new(ScopeKind.Project, projectId, null);
    }

    public static PolicyTarget ForNamespace(string projectId, string @namespace)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        ArgumentNullException.ThrowIfNull(@namespace);
        return new(ScopeKind.Namespace, projectId, @namespace);
    }

    /// <summary>Same wording as <see cref="BindingScope.ToString"/>, so explanations read alike.</summary>
    public override string ToString() => Kind switch
    {
        ScopeKind.Organization => "organization",
        ScopeKind.Project => $"project/{ProjectId}",
        _ => $"project/{ProjectId}/namespace/{Namespace}",
    };
}
