namespace Paralus.Domain.Contracts;

public sealed record UserResource(
    string Id,
    string Name,
    string FirstName,
    string LastName,
    string Kind,
    bool Active,
    IReadOnlyList<string> Groups,
    DateTimeOffset CreatedAt,
    string ETag,
    string? Issuer = null,
    string? Subject = null);

/// <summary><see cref="Password"/> set: a local user who can sign in with it; otherwise a local user without a password yet.</summary>
public sealed record CreateUserRequest(string Name, string? FirstName = null, string? LastName = null, string? Password = null);

/// <summary>PATCH semantics: null members stay as they are.</summary>
public sealed record UpdateUserRequest(string? FirstName = null, string? LastName = null, bool? Active = null, string? Password = null);
