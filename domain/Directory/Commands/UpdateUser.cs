
namespace Paralus.Domain.Directory.Commands;

/// <summary>
/// A user's names, whether they are active, and their password. A new password ends what the old one opened
/// (sessions and kubeconfig certificates), as revoking credentials does. Written at <paramref name="ExpectedETag"/>.
/// </summary>
public sealed record UpdateUser(string Name, string? FirstName, string? LastName, bool? Active, string? PasswordHash, DateTimeOffset Now, string ExpectedETag)
    : IDirectoryCommand<bool>
{
    public Mutation<bool> Plan(DirectoryView view)
    {
        if (view.UserByName(Name) is not { } current) return DirectoryError.NotFound("user", Name);
        if (current.ETag != ExpectedETag) return DirectoryError.ChangedConcurrently("user", Name);
        var updated = current.Value with
        {
            FirstName = FirstName ?? current.Value.FirstName,
            LastName = LastName ?? current.Value.LastName,
            Active = Active ?? current.Value.Active,
            CredentialsRevokedBefore = PasswordHash is null ? current.Value.CredentialsRevokedBefore : Now,
        };
        var changes = new DirectoryChangeSet().Replace(updated, current.ETag);
        if (PasswordHash is not null) changes.SetPassword(updated.Id, PasswordHash);
        return Mutation.Apply(changes, true);
    }
}
