namespace Paralus.Domain.Directory;

/// <summary>The outcome of planning and committing a change: the value the plan returned, or why it was refused.</summary>
public sealed record MutationResult<T>(T? Value, DirectoryError? Error)
{
    public bool Succeeded => Error is null;
}
