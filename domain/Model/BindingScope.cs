namespace Paralus.Domain.Model;

/// <summary>
/// The scope a role binding grants at. <see cref="ProjectId"/> and <see cref="Namespace"/> may be
/// <see cref="Wildcard"/> ("every project", "every namespace of the project").
/// </summary>
public sealed record BindingScope(ScopeKind Kind, string? ProjectId = null, string? Namespace = null)
{
    public const string Wildcard = "*";

    public static BindingScope Organization { get; } = new(ScopeKind.Organization);

    public static BindingScope ForProject(string projectId) => new(ScopeKind.Project, projectId);

    public static BindingScope ForNamespace(string projectId, string @namespace) => new(ScopeKind.Namespace, projectId, @namespace);

    public override string ToString() => Kind switch
    {
        ScopeKind.Organization => "organization",
        ScopeKind.Project => $"project/{ProjectId}",
        _ => $"project/{ProjectId}/namespace/{Namespace}",
    };
}
