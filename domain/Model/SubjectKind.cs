namespace Paralus.Domain.Model;

public enum SubjectKind
{
    User,
    Group,
}
