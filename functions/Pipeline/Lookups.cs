using Paralus.Domain.Model;
using Paralus.Domain.Policy;

namespace Paralus.Functions.Pipeline;

/// <summary>The things that live in a project, each visible to whoever may read it there.</summary>
internal static class Lookups
{
    public static Lookup<Project> Project(string name, string? field = null) => new(
        "project", name, view => view.ProjectByName(name), (access, project) => access.MayRead(Permissions.ProjectRead, project.Id),
        project => PolicyTarget.ForProject(project.Id), field);

    public static Lookup<Cluster> Cluster(string name) => new(
        "cluster", name, view => view.ClusterByName(name), (access, cluster) => access.MayRead(Permissions.ClusterRead, cluster.ProjectId),
        cluster => PolicyTarget.ForProject(cluster.ProjectId));
}
