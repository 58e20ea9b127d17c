using Paralus.Domain.Model;

namespace Paralus.Domain.Directory.Commands;

public sealed record CreateGroup(string Id, string Name, string Description, DateTimeOffset CreatedAt) : IDirectoryCommand<bool>
{
    public Mutation<bool> Plan(DirectoryView view)
    {
        if (view.GroupByName(Name) is not null) return DirectoryError.AlreadyExists("group", Name);
        return Mutation.Apply(new DirectoryChangeSet().Create(new Group(Id, Name, Description, GroupKind.Custom, CreatedAt)), true);
    }
}
