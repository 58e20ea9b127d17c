namespace Paralus.Domain.Directory;

/// <summary>What a planned directory change decided: rows to write and the value to return, or an error.</summary>
public sealed class Mutation<T>
{
    private Mutation(DirectoryChangeSet? changes, T? value, DirectoryError? error)
    {
        Changes = changes;
        Value = value;
        Error = error;
    }

    public DirectoryChangeSet? Changes { get; }

    public T? Value { get; }

    public DirectoryError? Error { get; }

    public static Mutation<T> Apply(DirectoryChangeSet changes, T value) => new(changes, value, null);

    public static Mutation<T> Fail(DirectoryError error) => new(null, default, error);

    public static implicit operator Mutation<T>(DirectoryError error) => Fail(error);
}
