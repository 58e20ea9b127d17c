using Microsoft.Extensions.Options;
using Paralus.Domain.Directory;
using Paralus.Domain.Directory.Commands;
using Paralus.Domain.Model;
using Paralus.Domain.Security;
using Paralus.Functions.Configuration;
using Paralus.Functions.Tests.Infrastructure;
using Paralus.Infrastructure.Storage;

namespace Paralus.Functions.Tests;

/// <summary>Domain change sets as they land in Table Storage (Azurite): what a later read sees.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class DirectoryCommitTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task APassword_SurvivesReplacingTheUser_AndChangesOnlyWhenSet()
    {
        var (writer, repository, organizationId) = await PartsAsync();
        var user = new User("u-" + Guid.NewGuid().ToString("N")[..8], $"pw-{Guid.NewGuid():N}@example.com", "P", "W", UserKind.Local, true, DateTimeOffset.UtcNow);
        await CommitAsync(writer, organizationId, _ => new DirectoryChangeSet().Create(user).SetPassword(user.Id, "hash-1"));
        Assert.Equal("hash-1", (await repository.LoadAsync(organizationId, CancellationToken.None)).PasswordHashOf(user.Id));

        await CommitAsync(writer, organizationId, view => new DirectoryChangeSet().Replace(user with { Active = false }, view.Users[user.Id].ETag));
        var afterReplace = await repository.LoadAsync(organizationId, CancellationToken.None);
        Assert.False(afterReplace.Users[user.Id].Value.Active);
        Assert.Equal("hash-1", afterReplace.PasswordHashOf(user.Id));

        await CommitAsync(writer, organizationId, _ => new DirectoryChangeSet().SetPassword(user.Id, "hash-2"));
        var afterSet = await repository.LoadAsync(organizationId, CancellationToken.None);
        Assert.Equal("hash-2", afterSet.PasswordHashOf(user.Id));
        Assert.False(afterSet.Users[user.Id].Value.Active);
    }

    [Fact]
    public async Task ANameTakenInAnotherCase_FailsTheWholeCommit()
    {
        var (writer, repository, organizationId) = await PartsAsync();
        var name = "team-" + Guid.NewGuid().ToString("N")[..8];
        var first = new Group("g-" + Guid.NewGuid().ToString("N")[..8], name, "", GroupKind.Custom, DateTimeOffset.UtcNow);
        await CommitAsync(writer, organizationId, _ => new DirectoryChangeSet().Create(first));

        var second = first with { Id = "g-" + Guid.NewGuid().ToString("N")[..8], Name = name.ToUpperInvariant() };
        var other = first with { Id = "g-" + Guid.NewGuid().ToString("N")[..8], Name = name + "-other" };
        var result = await writer.MutateAsync(organizationId, _ => Mutation.Apply(new DirectoryChangeSet().Create(other).Create(second), true), CancellationToken.None);

        Assert.Equal(DirectoryErrorKind.Conflict, result.Error?.Kind);
        var view = await repository.LoadAsync(organizationId, CancellationToken.None);
        Assert.Null(view.GroupByName(other.Name));
        Assert.Equal(first.Id, view.GroupByName(name.ToUpperInvariant())?.Value.Id);
    }

    [Fact]
    public async Task AnIdentityProvidersUser_IsFoundByIssuerAndSubject_AfterAReload()
    {
        var (writer, repository, organizationId) = await PartsAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var devs = new Group("g-" + suffix, "devs-" + suffix, "", GroupKind.Custom, DateTimeOffset.UtcNow);
        var provider = new IdentityProvider("idp-" + suffix, "corp-" + suffix, IdentityProviderKind.Oidc, $"https://idp-{suffix}.example/", "paralus", ["openid"],
            "sub", "email", "groups", [new GroupMapping("developers", devs.Id)], DateTimeOffset.UtcNow);
        await CommitAsync(writer, organizationId, _ => new DirectoryChangeSet().Create(devs));
        await CommitAsync(writer, organizationId, view => new CreateIdentityProvider(provider).Plan(view).Changes!);

        var identity = new ValidatedIdentity(provider.Issuer, "00u-" + suffix, $"sso-{suffix}@example.com", ["developers"]);
        var signedIn = await writer.MutateAsync(organizationId, new SignInExternalUser(provider, identity, "u-" + suffix, DateTimeOffset.UtcNow).Plan, CancellationToken.None);
        Assert.True(signedIn.Succeeded, signedIn.Error?.Message);

        var view = await repository.LoadAsync(organizationId, CancellationToken.None);
        Assert.Equal(provider.Issuer, view.IdentityProviderByName(provider.Name)?.Value.Issuer);
        var user = view.UserByExternalIdentity(provider.Issuer, identity.Subject)?.Value;
        Assert.Equal(("u-" + suffix, provider.Id), (user?.Id, user?.IdentityProviderId));
        Assert.Equal([devs.Id], user!.IdpGroupIds);
        Assert.Contains(view.Memberships, m => m.GroupId == devs.Id && m.UserId == user.Id);
        Assert.Null(view.UserByExternalIdentity(provider.Issuer.TrimEnd('/'), identity.Subject));
    }

    private async Task<(DirectoryWriter Writer, DirectoryRepository Repository, string OrganizationId)> PartsAsync()
    {
        var services = fixture.Server.Services;
        var repository = services.GetRequiredService<DirectoryRepository>();
        var organizationId = await repository.FindOrganizationIdAsync(services.GetRequiredService<IOptions<ControlPlaneOptions>>().Value.OrganizationName, CancellationToken.None);
        return (services.GetRequiredService<DirectoryWriter>(), repository, organizationId!);
    }

    private static async Task CommitAsync(DirectoryWriter writer, string organizationId, Func<DirectoryView, DirectoryChangeSet> plan)
    {
        var result = await writer.MutateAsync(organizationId, view => Mutation.Apply(plan(view), true), CancellationToken.None);
        Assert.True(result.Succeeded, result.Error?.Message);
    }
}
