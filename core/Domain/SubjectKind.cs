namespace Paralus.Core.Domain;

public enum SubjectKind
{
    User,
    Group,
}
