namespace Paralus.Domain.Model;

/// <summary>
/// A person. <see cref="Name"/> is the user name (usually an e-mail address) and never changes.
/// <see cref="CredentialsRevokedBefore"/>: kubeconfig certificates and sessions issued before it are void.
/// A user of an identity provider (<see cref="UserKind.External"/>) is linked to it by <see cref="Issuer"/> and
/// <see cref="Subject"/>; <see cref="IdpGroupIds"/> are the Paralus groups it last gave them, so a sign-in takes back
/// only memberships the provider granted, never ones an administrator added. A <see cref="UserKind.Service"/> user is
/// automation, not a person; <see cref="Description"/> says what it is for. <see cref="PasswordChangeRequired"/>: the
/// password was generated (the first administrator's) and must be replaced before the account may do anything else.
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
    DateTimeOffset? CredentialsRevokedBefore = null,
    string? IdentityProviderId = null,
    IReadOnlyList<string>? IdpGroupIds = null,
    string? Description = null,
    bool PasswordChangeRequired = false) : IDirectoryEntity;
