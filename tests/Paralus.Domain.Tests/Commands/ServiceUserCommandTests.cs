using Paralus.Domain.Directory;
using Paralus.Domain.Directory.Changes;
using Paralus.Domain.Directory.Commands;
using Paralus.Domain.Model;
using Paralus.Domain.Security;

namespace Paralus.Domain.Tests.Commands;

public sealed class ServiceUserCommandTests
{
    private static readonly User Sally = new("u-sally", "sally@example.com", "Sally", "S", UserKind.Local, true, TestDirectory.Now);
    private static readonly User ArgoCd = new("u-argocd", "argocd", "", "", UserKind.Service, true, TestDirectory.Now, Description: "deploys from git");

    private static DirectoryView View() => new TestDirectory().With(Sally, ArgoCd).Password(Sally, "hash").View();

    [Fact]
    public void AServiceUser_IsCreatedAlone_WithoutAPasswordOrAnyGroup()
    {
        var flux = new User("u-flux", "flux", "", "", UserKind.Service, true, TestDirectory.Now, Description: "gitops");

        var mutation = new CreateServiceUser(flux).Plan(View());

        Assert.Equal<DirectoryChange>([new EntityCreated(flux)], mutation.Changes!.Changes);
    }

    [Theory]
    [InlineData("ARGOCD")]
    [InlineData("Sally@Example.com")]
    public void AServiceUser_CannotTakeTheNameOfAnyUser_PersonOrService(string name)
    {
        var clash = ArgoCd with { Id = "u-new", Name = name };

        var error = new CreateServiceUser(clash).Plan(View()).Error;

        Assert.Equal(DirectoryErrorKind.Conflict, error?.Kind);
        Assert.Equal($"user '{name}' already exists.", error?.Message);
    }

    [Fact]
    public void APerson_CannotTakeTheNameOfAServiceUser()
    {
        var person = Sally with { Id = "u-person", Name = "ArgoCD" };

        Assert.Equal(DirectoryErrorKind.Conflict, new CreateLocalUser(person, "hash").Plan(View()).Error?.Kind);
    }

    [Fact]
    public void CreateServiceUser_RefusesAUserOfAnotherKind()
    {
        var error = new CreateServiceUser(Sally with { Id = "u-bob", Name = "bob" }).Plan(View()).Error;

        Assert.Equal(DirectoryErrorKind.Invalid, error?.Kind);
    }

    [Fact]
    public void AServiceUser_IsRefusedAPassword_OtherChangesStillApply()
    {
        var later = TestDirectory.Now.AddHours(1);

        var refused = new UpdateUser(ArgoCd.Name, null, null, null, "new-hash", later, TestDirectory.ETagOf(ArgoCd)).Plan(View()).Error;
        var deactivated = new UpdateUser(ArgoCd.Name, null, null, false, null, later, TestDirectory.ETagOf(ArgoCd)).Plan(View()).Changes!.Changes;

        Assert.Equal(DirectoryErrorKind.Invalid, refused?.Kind);
        Assert.Contains("service user", refused?.Message);
        Assert.Equal<DirectoryChange>([new EntityReplaced(ArgoCd with { Active = false }, TestDirectory.ETagOf(ArgoCd))], deactivated);
    }

    [Fact]
    public void RevokingAServiceUsersCredentials_MarksTheMomentLikeForAPerson()
    {
        var later = TestDirectory.Now.AddHours(1);

        var changes = new RevokeCredentials("argocd", later, IncludeApiKeys: false).Plan(View()).Changes!.Changes;

        Assert.Equal<DirectoryChange>([new EntityReplaced(ArgoCd with { CredentialsRevokedBefore = later }, TestDirectory.ETagOf(ArgoCd))], changes);
    }

    [Fact]
    public void ACompanySignIn_UnderAServiceUsersName_IsRefused_AndLeavesItAlone()
    {
        var corp = new IdentityProvider("idp-corp", "corp", IdentityProviderKind.Oidc, "https://idp.corp.example/", "paralus", ["openid"],
            "sub", "preferred_username", "groups", [], TestDirectory.Now);
        var view = new TestDirectory().With(Sally, ArgoCd, corp).View();

        var error = new SignInExternalUser(corp, new ValidatedIdentity("https://idp.corp.example/", "00u-argo", "argocd", []), "u-new", TestDirectory.Now).Plan(view).Error;

        Assert.Equal(DirectoryErrorKind.Conflict, error?.Kind);
    }
}
