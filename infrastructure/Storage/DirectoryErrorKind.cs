namespace Paralus.Infrastructure.Storage;

public enum DirectoryErrorKind
{
    Invalid,
    NotFound,
    Conflict,
    PreconditionFailed,
}
