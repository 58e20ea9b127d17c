using Paralus.Domain.Model;

namespace Paralus.Domain.Directory.Commands;

/// <summary>
/// A user's names, whether they are active, and their password. A new password ends what the old one opened
/// (sessions and kubeconfig certificates), as revoking credentials does, and is no longer one that must be changed. A service user never gets a password: it
/// must not be able to sign in. Written at <paramref name="ExpectedETag"/>.
/// </summary>
public sealed record UpdateUser(string Name, string? FirstName, string? LastName, bool? Active, string? PasswordHash, DateTimeOffset Now, string ExpectedETag)
    : IDirectoryCommand<bool>
{
    public Mutation<bool> Plan(DirectoryView view)
    {
        if (view.UserByName(Name) is not { } current) return DirectoryError.NotFound("user", Name);
        if (current.ETag != ExpectedETag) return DirectoryError.ChangedConcurrently("user", Name);
        if (PasswordHash is not null && current.Value.Kind == UserKind.Service)
        {
            return DirectoryError.Invalid($"user '{current.Value.Name}' is a service user: it has no password and cannot sign in; issue it a kubeconfig instead.");
        }
        var updated = current.Value with
        {
            FirstName = FirstName ?? current.Value.FirstName,
            LastName = LastName ?? current.Value.LastName,
            Active = Active ?? current.Value.Active,
            CredentialsRevokedBefore = PasswordHash is null ? current.Value.CredentialsRevokedBefore : Now,
            PasswordChangeRequired = PasswordHash is null && current.Value.PasswordChangeRequired,
        };
        var changes = new DirectoryChangeSet().Replace(updated, current.ETag);
        if (PasswordHash is not null) changes.SetPassword(updated.Id, PasswordHash);
        return Mutation.Apply(changes, true);
    }
}
