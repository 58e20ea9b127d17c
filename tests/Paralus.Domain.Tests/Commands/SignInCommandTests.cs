using Paralus.Domain.Directory;
using Paralus.Domain.Directory.Changes;
using Paralus.Domain.Directory.Commands;
using Paralus.Domain.Model;
using Paralus.Domain.Security;

namespace Paralus.Domain.Tests.Commands;

/// <summary>Signing in with a company identity provider: who the person is, and which groups they get.</summary>
public sealed class SignInCommandTests
{
    private const string Corp = "https://idp.corp.example/";
    private static readonly Group Devs = new("g-devs", "devs", "", GroupKind.Custom, TestDirectory.Now);
    private static readonly Group Ops = new("g-ops", "ops", "", GroupKind.Custom, TestDirectory.Now);
    private static readonly Group Admins = new(BuiltInGroups.OrganizationAdminsId, BuiltInGroups.OrganizationAdmins, "", GroupKind.System, TestDirectory.Now);
    private static readonly IdentityProvider CorpIdp = new("idp-corp", "corp", IdentityProviderKind.Oidc, Corp, "paralus", ["openid", "email"],
        "sub", "email", "groups", [new GroupMapping("platform-team", Ops.Id)], TestDirectory.Now);
    private static readonly User Local = new("u-local", "alice@example.com", "Alice", "L", UserKind.Local, true, TestDirectory.Now);

    private static TestDirectory Directory() => new TestDirectory().With(Devs, Ops, Admins, CorpIdp);

    private static SignInExternalUser SignIn(string subject, string username, params string[] groups) =>
        new(CorpIdp, new ValidatedIdentity(Corp, subject, username, groups), "u-new", TestDirectory.Now);

    [Fact]
    public void AFirstSignIn_CreatesTheUser_LinkedByIssuerAndSubject_WithTheGroupsTheProviderGives()
    {
        var plan = SignIn("00u-bob", "bob@example.com", "DEVS", "platform-team", "unknown-group").Plan(Directory().View());
        var bob = plan.Value!;
        Assert.Equal((UserKind.External, Corp, "00u-bob", "idp-corp"), (bob.Kind, bob.Issuer, bob.Subject, bob.IdentityProviderId));
        Assert.Equal([Devs.Id, Ops.Id], bob.IdpGroupIds);
        Assert.Equal<DirectoryChange>([
            new EntityCreated(bob),
            new ExternalIdentityLinked(Corp, "00u-bob", "u-new"),
            new MembershipAdded(Devs.Id, "u-new"),
            new MembershipAdded(Ops.Id, "u-new"),
        ], plan.Changes!.Changes);
    }

    [Fact]
    public void AnEmailThatNamesAnotherAccount_NeverTakesItOver()
    {
        var local = Directory().With(Local).View();
        var refused = SignIn("00u-mallory", "ALICE@example.com").Plan(local);
        Assert.Equal(DirectoryErrorKind.Conflict, refused.Error?.Kind);
        Assert.Null(refused.Changes);

        var otherProvider = Local with { Id = "u-b", Name = "carol@example.com", Kind = UserKind.External, Issuer = "https://other.example/", Subject = "00u-carol" };
        Assert.Equal(DirectoryErrorKind.Conflict, SignIn("00u-carol", "carol@example.com").Plan(Directory().With(otherProvider).View()).Error?.Kind);
    }

    [Fact]
    public void ABuiltInGroupOfTheSameName_IsGivenOnlyThroughAnExplicitMapping()
    {
        var plan = SignIn("00u-eve", "eve@example.com", BuiltInGroups.OrganizationAdmins).Plan(Directory().View());
        Assert.Empty(plan.Value!.IdpGroupIds!);
        Assert.DoesNotContain(plan.Changes!.Changes, c => c is MembershipAdded);
    }

    [Fact]
    public void ALaterSignIn_TakesBackOnlyWhatTheProviderGave_AndAnUnchangedOneCommitsNothing()
    {
        var bob = new User("u-bob", "bob@example.com", "", "", UserKind.External, true, TestDirectory.Now, Corp, "00u-bob",
            IdentityProviderId: CorpIdp.Id, IdpGroupIds: [Devs.Id, Ops.Id]);
        var view = Directory().With(bob).Member(Devs, bob).Member(Ops, bob).View();

        Assert.Equal(0, SignIn("00u-bob", "bob@example.com", "devs", "platform-team").Plan(view).Changes!.Count);

        var dropped = SignIn("00u-bob", "renamed@example.com", "devs").Plan(view);
        Assert.Equal(TestDirectory.Describe([
            new MembershipRemoved(Ops.Id, bob.Id),
            new EntityReplaced(bob with { IdpGroupIds = [Devs.Id] }, TestDirectory.ETagOf(bob)),
        ]), TestDirectory.Describe(dropped.Changes!.Changes));
        Assert.Equal("bob@example.com", dropped.Value!.Name);

        var byHand = Directory().With(bob with { IdpGroupIds = [Devs.Id] }).Member(Devs, bob).Member(Ops, bob).View();
        Assert.DoesNotContain(SignIn("00u-bob", "bob@example.com", "devs").Plan(byHand).Changes!.Changes, c => c is MembershipRemoved);
    }

    [Fact]
    public void ADeactivatedUser_CannotSignIn()
    {
        var bob = new User("u-bob", "bob@example.com", "", "", UserKind.External, false, TestDirectory.Now, Corp, "00u-bob", IdentityProviderId: CorpIdp.Id);
        Assert.Equal(DirectoryErrorKind.Conflict, SignIn("00u-bob", "bob@example.com").Plan(Directory().With(bob).View()).Error?.Kind);
    }

    [Fact]
    public void IdentityProviders_HaveUniqueNames_AndOneProviderPerIssuerAndClient_AndMappingsToGroupsThatExist()
    {
        var view = Directory().View();
        Assert.Equal(DirectoryErrorKind.Conflict, new CreateIdentityProvider(CorpIdp with { Id = "idp-2" }).Plan(view).Error?.Kind);
        Assert.Contains("'corp'", new CreateIdentityProvider(CorpIdp with { Id = "idp-2", Name = "corp2" }).Plan(view).Error?.Message);
        Assert.Equal(DirectoryErrorKind.NotFound,
            new CreateIdentityProvider(CorpIdp with { Id = "idp-2", Name = "b", ClientId = "b", GroupMappings = [new GroupMapping("x", "g-gone")] }).Plan(view).Error?.Kind);
        Assert.NotNull(new CreateIdentityProvider(CorpIdp with { Id = "idp-2", Name = "b", ClientId = "b" }).Plan(view).Changes);
    }

    [Fact]
    public void DeletingAGroup_DropsTheMappingsToIt()
    {
        var changes = new DeleteGroup("ops").Plan(Directory().View()).Changes!.Changes;
        Assert.Contains(TestDirectory.Describe([new EntityReplaced(CorpIdp with { GroupMappings = [] }, TestDirectory.ETagOf(CorpIdp))]).Single(), TestDirectory.Describe(changes));
        Assert.IsType<EntityDeleted>(changes[^1]);
    }
}
