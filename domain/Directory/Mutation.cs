namespace Paralus.Domain.Directory;

/// <summary>What a planned directory change decided: the changes to commit and the value to answer with, or an error.</summary>
public sealed class Mutation<T>
{
    internal Mutation(DirectoryChangeSet? changes, T? value, DirectoryError? error)
    {
        Changes = changes;
        Value = value;
        Error = error;
    }

    public DirectoryChangeSet? Changes { get; }

    public T? Value { get; }

    public DirectoryError? Error { get; }

    public static implicit operator Mutation<T>(DirectoryError error) => new(null, default, error);
}

/// <summary>Makes a <see cref="Mutation{T}"/> that commits (an error converts to one that does not).</summary>
public static class Mutation
{
    public static Mutation<T> Apply<T>(DirectoryChangeSet changes, T value) => new(changes, value, null);
}
