using Paralus.Domain.Model;

namespace Paralus.Domain.Directory.Commands;

/// <summary>A local user, with a password when one is given, joined to "All Local Users" as in Paralus.</summary>
public sealed record CreateLocalUser(User User, string? PasswordHash) : IDirectoryCommand<bool>
{
    public Mutation<bool> Plan(DirectoryView view)
    {
        if (view.UserByName(User.Name) is not null) return DirectoryError.AlreadyExists("user", User.Name);
        return Mutation.Apply(ChangesFor(User, PasswordHash), true);
    }

    /// <summary>The changes that make a local user, for commands that create one among other things.</summary>
    public static DirectoryChangeSet ChangesFor(User user, string? passwordHash)
    {
        var changes = new DirectoryChangeSet().Create(user);
        if (passwordHash is not null) changes.SetPassword(user.Id, passwordHash);
        return changes.AddMembership(BuiltInGroups.AllLocalUsersId, user.Id);
    }
}
