using Paralus.Domain.Directory;
using Paralus.Domain.Directory.Changes;
using Paralus.Domain.Directory.Commands;
using Paralus.Domain.Model;

namespace Paralus.Domain.Tests.Commands;

public sealed class CredentialAndSettingsCommandTests
{
    private static readonly User Sally = new("u-sally", "sally@example.com", "Sally", "S", UserKind.Local, true, TestDirectory.Now);
    private static readonly User Virat = new("u-virat", "virat@example.com", "Virat", "V", UserKind.Local, true, TestDirectory.Now);
    private static readonly ApiKey SallyKey = new("k-1", Sally.Id, "ci", "hash", TestDirectory.Now);
    private static readonly ApiKey ViratKey = new("k-2", Virat.Id, "ci", "hash", TestDirectory.Now);

    private static DirectoryView View() => new TestDirectory().With(Sally, Virat, SallyKey, ViratKey).View();

    [Fact]
    public void RevokingCredentials_KeepsApiKeysUnlessAsked()
    {
        var later = TestDirectory.Now.AddMinutes(5);
        var kept = new RevokeCredentials("SALLY@example.com", later, IncludeApiKeys: false).Plan(View());
        Assert.Equal(("sally@example.com", 0), kept.Value);
        Assert.Equal([new EntityReplaced(Sally with { CredentialsRevokedBefore = later }, TestDirectory.ETagOf(Sally))], kept.Changes!.Changes);

        var withKeys = new RevokeCredentials("sally@example.com", later, IncludeApiKeys: true).Plan(View());
        Assert.Equal(1, withKeys.Value.Keys);
        Assert.Contains(new EntityDeleted(SallyKey, TestDirectory.ETagOf(SallyKey)), withKeys.Changes!.Changes);
        Assert.DoesNotContain(withKeys.Changes.Changes, c => c is EntityDeleted { Entity: ApiKey { UserId: "u-virat" } });
    }

    [Fact]
    public void ApiKeys_AreLimitedPerUser_AndDeletedOnlyForTheOwnerSeen()
    {
        var many = new TestDirectory().With(Sally).With(Enumerable.Range(0, CreateApiKey.MaxKeysPerUser).Select(i => (IDirectoryEntity)(SallyKey with { Id = $"k-{i}" })).ToArray()).View();
        Assert.Equal(DirectoryErrorKind.Conflict, new CreateApiKey(SallyKey with { Id = "k-new" }).Plan(many).Error?.Kind);
        Assert.NotNull(new CreateApiKey(ViratKey with { Id = "k-new" }).Plan(many).Changes);

        Assert.Equal(DirectoryErrorKind.NotFound, new DeleteApiKey(ViratKey.Id, Sally.Id).Plan(View()).Error?.Kind);
        Assert.Equal([new EntityDeleted(ViratKey, TestDirectory.ETagOf(ViratKey))], new DeleteApiKey(ViratKey.Id, Virat.Id).Plan(View()).Changes!.Changes);
    }

    [Fact]
    public void Settings_AreWrittenOnlyAtTheVersionRead_FirstAsANewRow()
    {
        var settings = OrganizationSettings.Defaults with { AuditRetention = TimeSpan.FromDays(30) };
        Assert.Equal([new SettingsReplaced(settings, null)], new UpdateSettings(settings, View().Settings.ETag).Plan(View()).Changes!.Changes);
        Assert.Equal(DirectoryErrorKind.PreconditionFailed, new UpdateSettings(settings, "etag-stale").Plan(View()).Error?.Kind);
    }

    [Fact]
    public void Seeding_AddsWhatIsMissing_AndTheFirstAdministratorOnlyIntoAnEmptyDirectory()
    {
        var hashed = 0;
        var admin = new User("u-admin", "admin@example.com", "Admin", "User", UserKind.Local, true, TestDirectory.Now);
        var seed = new SeedOrganization(admin, () => { hashed++; return "admin-hash"; }, TestDirectory.Now);

        var empty = seed.Plan(new TestDirectory().View());
        Assert.True(empty.Value);
        Assert.Contains(new PasswordSet(admin.Id, "admin-hash"), empty.Changes!.Changes);
        Assert.Contains(new MembershipAdded(BuiltInGroups.OrganizationAdminsId, admin.Id), empty.Changes.Changes);
        Assert.Contains(empty.Changes.Changes, c => c is EntityCreated { Entity: Project { Name: Project.DefaultName } });
        Assert.Equal(BuiltInRoles.All.Count, empty.Changes.Changes.Count(c => c is EntityCreated { Entity: Role }));

        var withUsers = seed.Plan(new TestDirectory().With(Sally).View());
        Assert.False(withUsers.Value);
        Assert.DoesNotContain(withUsers.Changes!.Changes, c => c is EntityCreated { Entity: User });
        Assert.Equal(1, hashed);
    }
}
