using System.Net.Http.Json;

namespace Paralus.Relay.Tests;

/// <summary>The agent holds a tunnel to every relay: either serves kubectl, losing one leaves the other working, and it comes back.</summary>
[Collection(RelayStackCollection.Name)]
public sealed class TwoRelayTests(RelayStack stack)
{
    [Fact]
    public async Task ClusterStatus_NamesTheRelaysHoldingItsTunnels()
    {
        using var admin = stack.Admin();
        Domain.Contracts.ClusterResource? cluster = null;
        await Eventually.TrueAsync(async () =>
        {
            cluster = await admin.GetFromJsonAsync<Domain.Contracts.ClusterResource>($"/api/v1/clusters/{RelayStack.ClusterName}");
            return cluster!.Status.ConnectedRelays.Count == 2;
        });
        Assert.Equal(["relay-0", "relay-1"], cluster!.Status.ConnectedRelays);
        Assert.True(DateTimeOffset.UtcNow - cluster.Status.LastSeen < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task EitherRelayServes_OneStopping_LeavesTheOther_AndTheAgentReconnects()
    {
        var throughFirst = await stack.KubectlAsAsync(RelayStack.Virat);
        var throughSecond = throughFirst.WithServer(stack.UserUrlOf(0), stack.UserUrlOf(1));
        Assert.Equal(0, (await throughFirst.RunAsync("get", "pods", "-n", "default")).ExitCode);
        Assert.Equal(0, (await throughSecond.RunAsync("get", "pods", "-n", "default")).ExitCode);

        await stack.StopRelayAsync(1);
        try
        {
            Assert.NotEqual(0, (await throughSecond.RunAsync("get", "pods", "-n", "default")).ExitCode);
            Assert.Equal(0, (await throughFirst.RunAsync("get", "pods", "-n", "default")).ExitCode);
        }
        finally
        {
            await stack.StartRelayAsync(1);
        }

        await stack.WaitForTunnelAsync(1);
        Assert.Equal(0, (await throughSecond.RunAsync("get", "pods", "-n", "default")).ExitCode);
    }
}
