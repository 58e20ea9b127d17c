namespace Paralus.Domain.Model;

/// <summary>The user or group a role binding is for, by id.</summary>
public sealed record SubjectRef(SubjectKind Kind, string Id)
{
    public static SubjectRef User(string id) => new(SubjectKind.User, id);

    public static SubjectRef Group(string id) => new(SubjectKind.Group, id);
}
