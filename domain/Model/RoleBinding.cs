namespace Paralus.Domain.Model;

/// <summary>Grants <see cref="RoleId"/> to a user or group at a scope.</summary>
public sealed record RoleBinding(string Id, SubjectRef Subject, string RoleId, BindingScope Scope, DateTimeOffset CreatedAt) : IDirectoryEntity;
