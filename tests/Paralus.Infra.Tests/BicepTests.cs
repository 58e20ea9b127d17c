namespace Paralus.Infra.Tests;

public sealed class BicepTests(CompiledInfra infra) : IClassFixture<CompiledInfra>
{
    [Fact]
    public async Task Main_bicep_builds_and_lints_without_a_warning()
    {
        Assert.True(infra.ExitCode == 0 && infra.Errors.Trim().Length == 0, $"bicep build: exit {infra.ExitCode}\n{infra.Errors}");

        var (exitCode, output, errors) = await Bicep.RunAsync("lint", CompiledInfra.MainBicep);
        Assert.True(exitCode == 0 && (output + errors).Trim().Length == 0, $"bicep lint: exit {exitCode}\n{output}{errors}");
    }

    [Fact]
    public void Every_relay_instance_gets_its_own_subscription_with_the_default_of_two()
    {
        var subscriptions = Assert.Single(infra.Template.OfType("Microsoft.ServiceBus/namespaces/topics/subscriptions"));
        Assert.Equal("access-events", subscriptions.NameSegments[^2]);
        Assert.Null(subscriptions.Name); // one per element of the relayInstances parameter
    }
}
