namespace Paralus.Domain.Directory;

/// <summary>Why a directory change was refused, in words a person can act on.</summary>
public sealed record DirectoryError(DirectoryErrorKind Kind, string Message)
{
    public static DirectoryError Invalid(string message) => new(DirectoryErrorKind.Invalid, message);

    public static DirectoryError NotFound(string kind, string name) => new(DirectoryErrorKind.NotFound, $"{kind} '{name}' not found.");

    public static DirectoryError AlreadyExists(string kind, string name) => new(DirectoryErrorKind.Conflict, $"{kind} '{name}' already exists.");

    public static DirectoryError Conflict(string message) => new(DirectoryErrorKind.Conflict, message);

    public static DirectoryError ChangedConcurrently(string kind, string name) => new(DirectoryErrorKind.PreconditionFailed,
        $"{kind} '{name}' was changed by another request since you read it; read it again and retry.");
}
