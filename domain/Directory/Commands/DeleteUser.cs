using Paralus.Domain.Model;

namespace Paralus.Domain.Directory.Commands;

/// <summary>
/// A user with their memberships, role bindings, API keys and identity-provider link. Dependents first, the user
/// last: a partial commit of a very large delete never leaves dangling references.
/// </summary>
public sealed record DeleteUser(string Name) : IDirectoryCommand<bool>
{
    public Mutation<bool> Plan(DirectoryView view)
    {
        if (view.UserByName(Name) is not { } user) return DirectoryError.NotFound("user", Name);
        var id = user.Value.Id;
        var changes = new DirectoryChangeSet();
        foreach (var m in view.Memberships.Where(m => m.UserId == id)) changes.RemoveMembership(m.GroupId, m.UserId);
        foreach (var b in view.Bindings.Values.Where(b => b.Value.Subject == SubjectRef.User(id))) changes.Delete(b);
        foreach (var k in view.ApiKeys.Values.Where(k => k.Value.UserId == id)) changes.Delete(k);
        if (user.Value is { Issuer: { } issuer, Subject: { } subject }) changes.UnlinkExternalIdentity(issuer, subject);
        return Mutation.Apply(changes.Delete(user), true);
    }
}
