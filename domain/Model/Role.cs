namespace Paralus.Domain.Model;

/// <summary>A named set of permissions usable at one scope kind. Built-in roles cannot be changed or deleted.</summary>
public sealed record Role(string Id, string Name, string Description, ScopeKind Scope, IReadOnlyList<string> Permissions, bool BuiltIn) : IDirectoryEntity;
