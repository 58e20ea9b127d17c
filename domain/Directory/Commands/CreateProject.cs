using Paralus.Domain.Model;

namespace Paralus.Domain.Directory.Commands;

public sealed record CreateProject(string Id, string Name, string Description, DateTimeOffset CreatedAt) : IDirectoryCommand<bool>
{
    public Mutation<bool> Plan(DirectoryView view)
    {
        if (view.ProjectByName(Name) is not null) return DirectoryError.AlreadyExists("project", Name);
        return Mutation.Apply(new DirectoryChangeSet().Create(new Project(Id, Name, Description, CreatedAt)), true);
    }
}
