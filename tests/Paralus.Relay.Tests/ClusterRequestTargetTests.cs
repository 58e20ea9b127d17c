using Paralus.Domain.Clusters;
using Paralus.Relay.Proxy;

namespace Paralus.Relay.Tests;

public sealed class ClusterRequestTargetTests
{
    [Theory]
    [InlineData("/clusters/dev/api/v1/pods?watch=1", null, "dev", "/api/v1/pods?watch=1", "/api/v1/pods", "?watch=1")]
    [InlineData("/clusters/dev", null, "dev", "/", "/", "")]
    [InlineData("/clusters/dev/", null, "dev", "/", "/", "")]
    [InlineData("/clusters/dev/api/v1/namespaces/a/pods/x%3Ay", null, "dev", "/api/v1/namespaces/a/pods/x%3Ay", "/api/v1/namespaces/a/pods/x:y", "")]
    [InlineData("/version?timeout=32s", "dev", "dev", "/version?timeout=32s", "/version", "?timeout=32s")]
    [InlineData("/clusters/dev/version", "prod", "dev", "/version", "/version", "")]
    public void Read_SplitsTheRawTarget(string raw, string? serverNameCluster, string cluster, string forwarded, string decoded, string query)
    {
        var target = ClusterRequestTarget.Read(raw, serverNameCluster, out var problem);
        Assert.Null(problem);
        Assert.Equal(new ClusterRequestTarget(cluster, forwarded, decoded, query), target);
    }

    [Theory]
    [InlineData("/clusters/dev/api/v1/namespaces/default/..%5C..%5Cnodes")]
    [InlineData("/clusters/dev/../prod/api/v1/nodes")]
    [InlineData("/clusters/a/../../clusters/b/api")]
    [InlineData("https://relay/clusters/dev/api")]
    [InlineData("/version/../clusters/prod/api")]
    public void Read_RefusesWhatCouldBeReadDifferently(string raw)
    {
        Assert.Null(ClusterRequestTarget.Read(raw, "dev", out var problem));
        Assert.NotNull(problem);
    }

    [Fact]
    public void Read_WithoutPrefixOrServerName_NamesNoCluster()
    {
        Assert.Null(ClusterRequestTarget.Read("/version", null, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("dev.clusters.paralus.internal", "dev")]
    [InlineData("DEV.Clusters.Paralus.Internal", "dev")]
    [InlineData("clusters.paralus.internal", null)]
    [InlineData("a.b.clusters.paralus.internal", null)]
    [InlineData("devclusters.paralus.internal", null)]
    [InlineData("relay.example.com", null)]
    [InlineData(null, null)]
    public void ClusterServerName_NamesOneClusterUnderTheSuffix(string? serverName, string? cluster) =>
        Assert.Equal(cluster, ClusterServerName.ClusterOf(serverName, ClusterServerName.DefaultSuffix));
}
