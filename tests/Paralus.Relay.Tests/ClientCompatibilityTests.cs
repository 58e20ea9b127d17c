namespace Paralus.Relay.Tests;

/// <summary>What clients ask for besides the Kubernetes API itself gets the cluster's answer through the relay, not Paralus's.</summary>
[Collection(RelayStackCollection.Name)]
public sealed class ClientCompatibilityTests(RelayStack stack)
{
    [Theory]
    [InlineData("/swagger-2.0.0.pb-v1")]
    [InlineData("/swagger.json")]
    public async Task LegacyOpenApiDocument_OfOlderKubectl_GetsTheClustersAnswer_EvenForAReadOnlyUser(string path)
    {
        var token = await stack.ControlPlane.LoginAsync(RelayStack.Reader, RelayStack.Password);
        var direct = await stack.Cluster.Direct.RunAsync("get", "--raw", path);
        Assert.Contains("NotFound", direct.Error); // what the cluster's own administrator is told

        var response = await RawHttp.SendAsync(stack.RelayUserUrl, "GET", $"/clusters/{RelayStack.ClusterName}{path}", token);

        Assert.Equal(404, response.Status);
        Assert.Contains("\"reason\":\"NotFound\"", response.Text);
        Assert.Contains("the server could not find the requested resource", response.Text);
    }
}
