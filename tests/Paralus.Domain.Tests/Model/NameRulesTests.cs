using Paralus.Domain.Model;

namespace Paralus.Domain.Tests.Model;

public sealed class NameRulesTests
{
    [Theory]
    [InlineData("aws", true)]
    [InlineData("prod-eu-1", true)]
    [InlineData("a", true)]
    [InlineData("AWS", false)]
    [InlineData("-aws", false)]
    [InlineData("aws-", false)]
    [InlineData("a_b", false)]
    [InlineData("", false)]
    public void DnsLabel(string name, bool valid) => Assert.Equal(valid, NameRules.DnsLabel("project", name) is null);

    [Fact]
    public void DnsLabel_SaysHowLongIsTooLong()
    {
        var error = NameRules.DnsLabel("project", new string('a', 64));
        Assert.Contains("64 characters long; at most 63", error);
    }

    [Theory]
    [InlineData("AWS Project Members", true)]
    [InlineData("Trainees", true)]
    [InlineData("team.sre_1", true)]
    [InlineData(" leading", false)]
    [InlineData("trailing ", false)]
    [InlineData("semi;colon", false)]
    public void GroupName(string name, bool valid) => Assert.Equal(valid, NameRules.GroupName(name) is null);

    [Theory]
    [InlineData("virat.kohli@paralus.local", true)]
    [InlineData("sally@example.com", true)]
    [InlineData("svc-deploy", true)]
    [InlineData("a@b", true)]
    [InlineData("a@-b.com", false)]
    [InlineData("two@@at.com", false)]
    [InlineData("spaces not@allowed.com", false)]
    public void UserName(string name, bool valid) => Assert.Equal(valid, NameRules.UserName(name) is null);

    [Fact]
    public void BuiltInRoles_UseOnlyKnownPermissions_AndParalusScopes()
    {
        Assert.All(BuiltInRoles.All, r => Assert.All(r.Permissions, p => Assert.Contains(p, Permissions.All)));
        Assert.Equal(ScopeKind.Namespace, BuiltInRoles.All.Single(r => r.Name == BuiltInRoles.NamespaceReadOnly).Scope);
        Assert.DoesNotContain(Permissions.KubectlFullAccess, BuiltInRoles.All.Single(r => r.Name == BuiltInRoles.AdminReadOnly).Permissions);
    }
}
