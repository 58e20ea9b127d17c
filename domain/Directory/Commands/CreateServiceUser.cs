using Paralus.Domain.Model;

namespace Paralus.Domain.Directory.Commands;

/// <summary>
/// A service user: automation that reaches clusters with kubeconfigs an administrator issues for it. It gets no
/// password and joins no group by itself (not "All Local Users", which is for people), so it holds exactly the roles
/// bound to it. Its name is unique among all users, people included, because role bindings and kubeconfigs name users.
/// </summary>
public sealed record CreateServiceUser(User User) : IDirectoryCommand<bool>
{
    public Mutation<bool> Plan(DirectoryView view)
    {
        if (User.Kind != UserKind.Service) return DirectoryError.Invalid($"user '{User.Name}' is not a service user.");
        if (view.UserByName(User.Name) is not null) return DirectoryError.AlreadyExists("user", User.Name);
        return Mutation.Apply(new DirectoryChangeSet().Create(User), true);
    }
}
