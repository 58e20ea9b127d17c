using Paralus.Domain.Model;

namespace Paralus.Domain.Directory.Commands;

/// <summary>
/// An empty project, with the role bindings to it (they mean nothing without it). A project that still has clusters
/// is refused; their names are given only when <paramref name="MayNameClusters"/> (the caller may read them).
/// </summary>
public sealed record DeleteProject(string Name, bool MayNameClusters) : IDirectoryCommand<bool>
{
    public Mutation<bool> Plan(DirectoryView view)
    {
        if (view.ProjectByName(Name) is not { } project) return DirectoryError.NotFound("project", Name);
        if (project.Value.Name == Project.DefaultName) return DirectoryError.Conflict("the 'default' project cannot be deleted.");
        var clusters = view.Clusters.Values.Where(c => c.Value.ProjectId == project.Value.Id).Select(c => c.Value.Name).Order().ToArray();
        if (clusters.Length > 0)
        {
            var names = MayNameClusters ? $" ({string.Join(", ", clusters)})" : "";
            return DirectoryError.Conflict($"project '{Name}' still has {clusters.Length} cluster(s){names}; delete or move them first.");
        }
        var changes = new DirectoryChangeSet();
        foreach (var binding in view.Bindings.Values.Where(b => b.Value.Scope.ProjectId == project.Value.Id)) changes.Delete(binding);
        return Mutation.Apply(changes.Delete(project), true);
    }
}
