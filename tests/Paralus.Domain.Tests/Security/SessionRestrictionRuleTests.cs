using Paralus.Domain.Directory;
using Paralus.Domain.Directory.Changes;
using Paralus.Domain.Directory.Commands;
using Paralus.Domain.Model;
using Paralus.Domain.Tests.Commands;

namespace Paralus.Domain.Tests.Security;

public sealed class SessionRestrictionRuleTests
{
    private static readonly DateTimeOffset Now = TestDirectory.Now;
    private static readonly OrganizationSettings SecondFactorForAdmins = OrganizationSettings.Defaults with { RequireSecondFactorForAdmins = true };

    [Theory]
    [InlineData(BuiltInRoles.Admin, true)]
    [InlineData(BuiltInRoles.ProjectAdmin, true)]
    [InlineData(BuiltInRoles.ClusterAdmin, true)]
    [InlineData(BuiltInRoles.NamespaceAdmin, true)]
    [InlineData(BuiltInRoles.AdminReadOnly, false)]
    [InlineData(BuiltInRoles.ProjectReadOnly, false)]
    [InlineData(BuiltInRoles.NamespaceReadOnly, false)]
    public void BuiltInRoles_AreAdministrative_ExactlyWhenTheirNameSaysAdmin(string name, bool administrative) =>
        Assert.Equal(administrative, BuiltInRoles.All.Single(r => r.Name == name).IsAdministrative);

    [Fact]
    public void CustomRole_WithAWritePermission_IsAdministrative_WhateverItsName() =>
        Assert.True(new Role("role-x", "DEPLOYER", "", ScopeKind.Project, [Permissions.ProjectRead, Permissions.ClusterWrite], BuiltIn: false).IsAdministrative);

    [Fact]
    public void SeededAdministrator_MustChangeTheGeneratedPassword_AndANewPasswordLiftsIt()
    {
        var admin = Local("admin");
        var seeded = new SeedOrganization(admin, () => "hash", Now).Plan(new TestDirectory().View());
        var created = Assert.Single(seeded.Changes!.Changes.OfType<EntityCreated>().Select(c => c.Entity).OfType<User>());
        Assert.True(created.PasswordChangeRequired);
        Assert.Equal(SessionRestriction.PasswordChange, SessionRestrictionRule.For(new TestDirectory().With(created).View(), created, hasSecondFactor: true));

        var view = new TestDirectory().With(created).View();
        var changed = new UpdateUser(created.Name, null, null, null, "new-hash", Now, TestDirectory.ETagOf(created)).Plan(view);
        var updated = Assert.Single(changed.Changes!.Changes.OfType<EntityReplaced>().Select(c => c.Entity).OfType<User>());
        Assert.False(updated.PasswordChangeRequired);
    }

    [Fact]
    public void SecondFactorRule_RestrictsLocalAdministratorsWithoutOne_ThroughGroupsToo()
    {
        var (viaGroup, direct, reader, sso) = (Local("ops"), Local("dba"), Local("viewer"), Local("sso") with { Kind = UserKind.External });
        var team = new Group("group-ops", "ops", "", GroupKind.Custom, Now);
        var roles = BuiltInRoles.All.ToArray<IDirectoryEntity>();
        var directory = new TestDirectory().With(roles).With(viaGroup, direct, reader, sso, team).Member(team, viaGroup)
            .With(Binding("b1", SubjectRef.Group(team.Id), BuiltInRoles.NamespaceAdmin),
                Binding("b2", SubjectRef.User(direct.Id), BuiltInRoles.ClusterAdmin),
                Binding("b3", SubjectRef.User(reader.Id), BuiltInRoles.NamespaceReadOnly),
                Binding("b4", SubjectRef.User(sso.Id), BuiltInRoles.Admin));

        var withRule = directory.Settings(SecondFactorForAdmins).View();
        Assert.Equal(SessionRestriction.SecondFactorEnrollment, SessionRestrictionRule.For(withRule, viaGroup, hasSecondFactor: false));
        Assert.Equal(SessionRestriction.SecondFactorEnrollment, SessionRestrictionRule.For(withRule, direct, hasSecondFactor: false));
        Assert.Null(SessionRestrictionRule.For(withRule, direct, hasSecondFactor: true));
        Assert.Null(SessionRestrictionRule.For(withRule, reader, hasSecondFactor: false));
        // A company account's second factor is its identity provider's business.
        Assert.Null(SessionRestrictionRule.For(withRule, sso, hasSecondFactor: false));
        Assert.Null(SessionRestrictionRule.For(directory.Settings(OrganizationSettings.Defaults).View(), direct, hasSecondFactor: false));
    }

    private static User Local(string name) => new("user-" + name, name + "@example.com", name, "", UserKind.Local, true, Now);

    private static RoleBinding Binding(string id, SubjectRef subject, string role) =>
        new(id, subject, BuiltInRoles.IdOf(role), BindingScope.ForNamespace("project-default", "apps"), Now);
}
