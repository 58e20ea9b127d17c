namespace Paralus.Domain.Directory.Commands;

/// <summary>A project's description, written at <paramref name="ExpectedETag"/>.</summary>
public sealed record UpdateProject(string Name, string? Description, string ExpectedETag) : IDirectoryCommand<bool>
{
    public Mutation<bool> Plan(DirectoryView view)
    {
        if (view.ProjectByName(Name) is not { } current) return DirectoryError.NotFound("project", Name);
        if (current.ETag != ExpectedETag) return DirectoryError.ChangedConcurrently("project", Name);
        var updated = current.Value with { Description = Description ?? current.Value.Description };
        return Mutation.Apply(new DirectoryChangeSet().Replace(updated, current.ETag), true);
    }
}
