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
    string? Subject = null,
    string? Description = null);

/// <summary>
/// <see cref="Kind"/> <c>Local</c> (the default) or <c>Service</c>. A local user with <see cref="Password"/> can sign in
/// with it, otherwise not yet; a service user is automation that never signs in, so it takes no password.
/// </summary>
public sealed record CreateUserRequest(string Name, string? FirstName = null, string? LastName = null, string? Password = null, string? Kind = null, string? Description = null);

/// <summary>PATCH semantics: null members stay as they are.</summary>
public sealed record UpdateUserRequest(string? FirstName = null, string? LastName = null, bool? Active = null, string? Password = null);
