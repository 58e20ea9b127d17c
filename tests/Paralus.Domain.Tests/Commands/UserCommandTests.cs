using Paralus.Domain.Directory;
using Paralus.Domain.Directory.Changes;
using Paralus.Domain.Directory.Commands;
using Paralus.Domain.Model;

namespace Paralus.Domain.Tests.Commands;

public sealed class UserCommandTests
{
    private static readonly User Sally = new("u-sally", "sally@example.com", "Sally", "S", UserKind.Local, true, TestDirectory.Now);
    private static readonly User Okta = new("u-okta", "okta@example.com", "O", "K", UserKind.External, true, TestDirectory.Now, Issuer: "https://idp.example.com", Subject: "00u1");
    private static readonly Group Trainees = new("g-trainees", "Trainees", "", GroupKind.Custom, TestDirectory.Now);
    private static readonly Role Admin = new("r-admin", "ADMIN", "", ScopeKind.Organization, ["*"], true);
    private static readonly RoleBinding OktaAdmin = new("b-1", SubjectRef.User(Okta.Id), Admin.Id, BindingScope.Organization, TestDirectory.Now);
    private static readonly ApiKey OktaKey = new("k-1", Okta.Id, "ci", "hash", TestDirectory.Now);

    private static DirectoryView View() => new TestDirectory()
        .With(Sally, Okta, Trainees, Admin, OktaAdmin, OktaKey).Member(Trainees, Okta).Password(Sally, "old-hash")
        .View();

    [Fact]
    public void ALocalUser_JoinsAllLocalUsers_AndGetsAPasswordOnlyWhenGiven()
    {
        var bob = new User("u-bob", "bob@example.com", "", "", UserKind.Local, true, TestDirectory.Now);
        Assert.Equal<DirectoryChange>([new EntityCreated(bob), new PasswordSet(bob.Id, "h"), new MembershipAdded(BuiltInGroups.AllLocalUsersId, bob.Id)],
            new CreateLocalUser(bob, "h").Plan(View()).Changes!.Changes);
        Assert.DoesNotContain(new CreateLocalUser(bob, null).Plan(View()).Changes!.Changes, c => c is PasswordSet);
        Assert.Equal(DirectoryErrorKind.Conflict, new CreateLocalUser(bob with { Name = "SALLY@example.com" }, null).Plan(View()).Error?.Kind);
    }

    [Fact]
    public void ANewPassword_RevokesWhatTheOldOneOpened_OtherUpdatesDoNot()
    {
        var later = TestDirectory.Now.AddHours(1);
        var withPassword = new UpdateUser(Sally.Name, null, null, null, "new-hash", later, TestDirectory.ETagOf(Sally)).Plan(View()).Changes!.Changes;
        Assert.Equal<DirectoryChange>([new EntityReplaced(Sally with { CredentialsRevokedBefore = later }, TestDirectory.ETagOf(Sally)), new PasswordSet(Sally.Id, "new-hash")], withPassword);

        var deactivated = new UpdateUser(Sally.Name, "Sal", null, false, null, later, TestDirectory.ETagOf(Sally)).Plan(View()).Changes!.Changes;
        Assert.Equal<DirectoryChange>([new EntityReplaced(Sally with { FirstName = "Sal", Active = false }, TestDirectory.ETagOf(Sally))], deactivated);

        Assert.Equal(DirectoryErrorKind.PreconditionFailed, new UpdateUser(Sally.Name, "Sal", null, null, null, later, "etag-stale").Plan(View()).Error?.Kind);
    }

    [Fact]
    public void DeletingAUser_TakesEverythingThatNamesThem_TheUserLast()
    {
        var changes = new DeleteUser("OKTA@example.com").Plan(View()).Changes!.Changes;
        Assert.Equal<DirectoryChange>([
            new MembershipRemoved(Trainees.Id, Okta.Id),
            new EntityDeleted(OktaAdmin, TestDirectory.ETagOf(OktaAdmin)),
            new EntityDeleted(OktaKey, TestDirectory.ETagOf(OktaKey)),
            new ExternalIdentityUnlinked("https://idp.example.com", "00u1"),
            new EntityDeleted(Okta, TestDirectory.ETagOf(Okta)),
        ], changes);
        Assert.Equal(DirectoryErrorKind.NotFound, new DeleteUser("ghost@example.com").Plan(View()).Error?.Kind);
    }
}
