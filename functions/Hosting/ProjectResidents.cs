using Paralus.Core.Domain;

namespace Paralus.Functions.Hosting;

/// <summary>The things that live in a project, and the permission that makes each visible there.</summary>
internal static class ProjectResidents
{
    public static ProjectResident<Project> Project(string name, string? field = null) =>
        new("project", name, Permissions.ProjectRead, view => view.ProjectByName(name), project => project.Id, field);

    public static ProjectResident<Cluster> Cluster(string name) =>
        new("cluster", name, Permissions.ClusterRead, view => view.ClusterByName(name), cluster => cluster.ProjectId);
}
