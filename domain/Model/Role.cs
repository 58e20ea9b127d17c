namespace Paralus.Domain.Model;

/// <summary>A named set of permissions usable at one scope kind. Built-in roles cannot be changed or deleted.</summary>
public sealed record Role(string Id, string Name, string Description, ScopeKind Scope, IReadOnlyList<string> Permissions, bool BuiltIn) : IDirectoryEntity
{
    /// <summary>
    /// Whether the role may change anything (in Paralus or in a cluster): every built-in <c>*ADMIN</c> role, none of the
    /// read-only ones, and any custom role with a write permission, whatever its name.
    /// </summary>
    public bool IsAdministrative => Permissions.Any(Model.Permissions.IsWrite);
}
