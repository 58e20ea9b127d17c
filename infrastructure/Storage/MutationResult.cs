namespace Paralus.Infrastructure.Storage;

/// <summary>The outcome of <see cref="DirectoryWriter.MutateAsync{T}"/>: the committed value and the view it produced, or an error.</summary>
public sealed record MutationResult<T>(T? Value, DirectoryError? Error)
{
    public bool Succeeded => Error is null;
}
