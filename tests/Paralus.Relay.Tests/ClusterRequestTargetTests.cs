using Paralus.Relay.Proxy;

namespace Paralus.Relay.Tests;

public sealed class ClusterRequestTargetTests
{
    [Theory]
    [InlineData("/clusters/dev/api/v1/pods?watch=1", "dev", "/api/v1/pods?watch=1", "/api/v1/pods", "?watch=1")]
    [InlineData("/clusters/dev", "dev", "/", "/", "")]
    [InlineData("/clusters/dev/", "dev", "/", "/", "")]
    [InlineData("/clusters/dev/api/v1/namespaces/a/pods/x%3Ay", "dev", "/api/v1/namespaces/a/pods/x%3Ay", "/api/v1/namespaces/a/pods/x:y", "")]
    public void Read_SplitsTheRawTarget(string raw, string cluster, string forwarded, string decoded, string query)
    {
        var target = ClusterRequestTarget.Read(raw, out var problem);
        Assert.Null(problem);
        Assert.Equal(new ClusterRequestTarget(cluster, forwarded, decoded, query), target);
    }

    [Theory]
    [InlineData("/clusters/dev/api/v1/namespaces/default/..%5C..%5Cnodes")]
    [InlineData("/clusters/dev/../prod/api/v1/nodes")]
    [InlineData("/clusters/a/../../clusters/b/api")]
    [InlineData("https://relay/clusters/dev/api")]
    [InlineData("/other/dev/api")]
    public void Read_RefusesWhatCouldBeReadDifferently(string raw)
    {
        Assert.Null(ClusterRequestTarget.Read(raw, out var problem));
        Assert.NotNull(problem);
    }
}
