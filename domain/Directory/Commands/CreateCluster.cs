using Paralus.Domain.Model;

namespace Paralus.Domain.Directory.Commands;

/// <summary>
/// A cluster in a project, pending until its agent registers. Cluster names are unique in the organization (kubeconfigs
/// name clusters in the relay URL), so a name may be taken by a cluster the caller cannot see: every taken name gets
/// the same answer, which says only that.
/// </summary>
public sealed record CreateCluster(string Id, string Name, string ProjectId, string ProjectName, string Description, IReadOnlyDictionary<string, string> Labels,
    DateTimeOffset CreatedAt) : IDirectoryCommand<bool>
{
    public Mutation<bool> Plan(DirectoryView view)
    {
        if (view.ClusterByName(Name) is not null)
        {
            return DirectoryError.Conflict($"the cluster name '{Name}' is not available: cluster names are unique in the organization; choose another name.");
        }
        if (!view.Projects.ContainsKey(ProjectId)) return DirectoryError.NotFound("project", ProjectName);
        var cluster = new Cluster(Id, Name, ProjectId, Description, Labels, CreatedAt, ClusterStatus.Pending);
        return Mutation.Apply(new DirectoryChangeSet().Create(cluster), true);
    }
}
