namespace Paralus.Domain.Directory.Commands;

public sealed record DeleteCluster(string Name) : IDirectoryCommand<bool>
{
    public Mutation<bool> Plan(DirectoryView view) =>
        view.ClusterByName(Name) is { } cluster
            ? Mutation.Apply(new DirectoryChangeSet().Delete(cluster), true)
            : DirectoryError.NotFound("cluster", Name);
}
