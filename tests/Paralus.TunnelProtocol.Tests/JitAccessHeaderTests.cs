using Paralus.Domain.Kubernetes;
using Paralus.Domain.Policy;

namespace Paralus.TunnelProtocol.Tests;

public sealed class JitAccessHeaderTests
{
    [Theory]
    [InlineData("cluster=write;")]
    [InlineData("cluster=none;apple=write")]
    [InlineData("cluster=read;*=write,apple=write")]
    public void Parse_ReadsWhatFormatWrites(string header)
    {
        Assert.True(JitAccessHeader.TryParse(header, out var cluster, out var namespaces));
        var spec = JitAccessSpec.For("sally@example.com", cluster, namespaces);
        Assert.Equal("sally-64example-46com", spec.ServiceAccountName);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("cluster=root;")]
    [InlineData("cluster=write")]
    [InlineData("cluster=write;apple=admin")]
    [InlineData("cluster=write;=write")]
    [InlineData("namespaces=write;apple=write")]
    public void Parse_RefusesAnythingElse(string? header) => Assert.False(JitAccessHeader.TryParse(header, out _, out _));

    [Fact]
    public void SpecFromHeader_EqualsSpecFromAccess()
    {
        Assert.True(JitAccessHeader.TryParse("cluster=read;apple=write", out var cluster, out var namespaces));
        Assert.Equal(KubernetesAccessLevel.Read, cluster);
        var spec = JitAccessSpec.For("reader@example.com", cluster, namespaces);
        Assert.Single(spec.RoleBindings);
        Assert.Equal(("apple", JitClusterRoles.NamespaceFullName), (spec.RoleBindings[0].Namespace, spec.RoleBindings[0].ClusterRoleName));
        Assert.Equal(JitClusterRoles.ReadName, Assert.Single(spec.ClusterRoleBindings).ClusterRoleName);
    }
}
