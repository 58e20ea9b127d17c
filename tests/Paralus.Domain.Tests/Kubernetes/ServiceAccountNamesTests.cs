using System.Text.RegularExpressions;
using Paralus.Domain.Kubernetes;

namespace Paralus.Domain.Tests.Kubernetes;

public sealed partial class ServiceAccountNamesTests
{
    [Theory]
    [InlineData("sally@example.com", "sally-64example-46com")]
    [InlineData("virat.kohli@paralus.local", "virat-46kohli-64paralus-46local")]
    [InlineData("Admin@Paralus.Local", "admin-64paralus-46local")]
    [InlineData("svc_deploy+ci@x.io", "svc-95deploy-43ci-64x-46io")]
    [InlineData("jos\u00e9@x.io", "jos-233-64x-46io")]
    [InlineData("a\U0001F600b", "a-128512b")]
    [InlineData("bob", "bob")]
    [InlineData("007", "007")]
    public void ForUser_ParalusEncoding(string userName, string expected) => Assert.Equal(expected, ServiceAccountNames.ForUser(userName));

    [Theory]
    [InlineData("_bob@x.io")]
    [InlineData(".hidden")]
    [InlineData("")]
    public void ForUser_LeadingSymbol_StillAValidName(string userName)
    {
        var name = ServiceAccountNames.ForUser(userName);

        Assert.Matches(DnsSubdomain(), name);
        Assert.StartsWith("u", name);
    }

    [Fact]
    public void ForUser_LeadingSymbol_DoesNotCollideWithAPlainEncoding() =>
        Assert.NotEqual(ServiceAccountNames.ForUser("u_bob"), ServiceAccountNames.ForUser("_bob"));

    [Theory]
    [InlineData(60)]
    [InlineData(84)]
    [InlineData(85)]
    [InlineData(300)]
    public void ForUser_LongName_TruncatedValidAndStable(int dots)
    {
        // Every '.' becomes "-46", so these encode to three times as many characters.
        var userName = "x" + string.Concat(Enumerable.Repeat(".", dots)) + "@example.com";

        var name = ServiceAccountNames.ForUser(userName);

        Assert.True(name.Length <= ServiceAccountNames.MaxNameLength, $"{name.Length} characters");
        Assert.Matches(DnsSubdomain(), name);
        Assert.DoesNotMatch("-$", name);
        Assert.Equal(name, ServiceAccountNames.ForUser(userName));
    }

    [Fact]
    public void ForUser_LongNamesSharingAPrefix_StayApart()
    {
        var prefix = new string('a', 300);

        Assert.NotEqual(ServiceAccountNames.ForUser(prefix + "1"), ServiceAccountNames.ForUser(prefix + "2"));
    }

    [Fact]
    public void ForUser_ExactlyTheLimit_Unchanged()
    {
        var userName = new string('a', ServiceAccountNames.MaxNameLength);

        Assert.Equal(userName, ServiceAccountNames.ForUser(userName));
        Assert.Contains("-x", ServiceAccountNames.ForUser(userName + "a"));
    }

    [Fact]
    public void LabelValue_LongName_FitsALabel()
    {
        var name = ServiceAccountNames.ForUser("someone.with.a.very.long.name@a-very-long-subdomain.example.com");

        var label = ServiceAccountNames.LabelValue(name);

        Assert.True(name.Length > ServiceAccountNames.MaxLabelValueLength);
        Assert.True(label.Length <= ServiceAccountNames.MaxLabelValueLength);
        Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", label);
        Assert.Equal("sally-64example-46com", ServiceAccountNames.LabelValue("sally-64example-46com"));
    }

    [Fact]
    public void BindingName_JoinsServiceAccountAndRole() =>
        Assert.Equal("sally-64example-46com-paralus-read", ServiceAccountNames.BindingName("sally-64example-46com", JitClusterRoles.ReadName));

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();
}
