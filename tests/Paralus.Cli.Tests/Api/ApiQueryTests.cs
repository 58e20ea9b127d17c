using Paralus.Cli.Api;

namespace Paralus.Cli.Tests.Api;

public sealed class ApiQueryTests
{
    [Fact]
    public void AppendTo_SkipsUnsetAndEscapesValues()
    {
        var query = new ApiQuery().Add("group", "AWS Project Members").Add("active", null).Add("user", "a+b@x.io");

        Assert.Equal("api/v1/users?group=AWS%20Project%20Members&user=a%2Bb%40x.io", query.AppendTo("api/v1/users"));
    }

    [Fact]
    public void AppendTo_NothingSet_LeavesThePathAlone() => Assert.Equal("api/v1/roles", new ApiQuery().Add("x", "").AppendTo("api/v1/roles"));

    [Fact]
    public void With_DoesNotChangeTheOriginal()
    {
        var query = new ApiQuery().Add("prefix", "a");

        Assert.Equal("p?prefix=a&continue=t", query.With("continue", "t").AppendTo("p"));
        Assert.Equal("p?prefix=a", query.AppendTo("p"));
    }

    [Fact]
    public void Item_EscapesTheNameAsOneSegment() =>
        Assert.Equal("api/v1/groups/a%2Fb%20c", ApiRoutes.Item(ApiRoutes.Groups, "a/b c"));
}
