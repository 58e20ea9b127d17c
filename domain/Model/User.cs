namespace Paralus.Domain.Model;

/// <summary>
/// A person. <see cref="Name"/> is the user name (usually an e-mail address) and never changes.
/// <see cref="CredentialsRevokedBefore"/>: kubeconfig certificates and sessions issued before it are void.
/// </summary>
public sealed record User(
    string Id,
    string Name,
    string FirstName,
    string LastName,
    UserKind Kind,
    bool Active,
    DateTimeOffset CreatedAt,
    string? Issuer = null,
    string? Subject = null,
    DateTimeOffset? CredentialsRevokedBefore = null) : IDirectoryEntity;
