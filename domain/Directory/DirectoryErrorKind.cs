namespace Paralus.Domain.Directory;

public enum DirectoryErrorKind
{
    Invalid,
    NotFound,
    Conflict,
    PreconditionFailed,
}
