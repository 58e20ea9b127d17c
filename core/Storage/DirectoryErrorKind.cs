namespace Paralus.Core.Storage;

public enum DirectoryErrorKind
{
    Invalid,
    NotFound,
    Conflict,
    PreconditionFailed,
}
