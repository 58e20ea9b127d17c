namespace Paralus.Domain.Directory.Commands;

/// <summary>A cluster's description and labels, written at <paramref name="ExpectedETag"/>.</summary>
public sealed record UpdateCluster(string Name, string? Description, IReadOnlyDictionary<string, string>? Labels, string ExpectedETag) : IDirectoryCommand<bool>
{
    public Mutation<bool> Plan(DirectoryView view)
    {
        if (view.ClusterByName(Name) is not { } cluster) return DirectoryError.NotFound("cluster", Name);
        if (cluster.ETag != ExpectedETag) return DirectoryError.ChangedConcurrently("cluster", Name);
        var updated = cluster.Value with
        {
            Description = Description ?? cluster.Value.Description,
            Labels = Labels ?? cluster.Value.Labels,
        };
        return Mutation.Apply(new DirectoryChangeSet().Replace(updated, cluster.ETag), true);
    }
}
