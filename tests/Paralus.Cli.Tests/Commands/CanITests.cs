using Paralus.Cli.Tests.Infrastructure;

namespace Paralus.Cli.Tests.Commands;

/// <summary>can-i answers like kubectl auth can-i: yes/no on stdout and the same in the exit code.</summary>
public sealed class CanITests(RecordingApiServerFixture fixture) : IClassFixture<RecordingApiServerFixture>, IDisposable
{
    private readonly CliTestHost _host = new();

    [Fact]
    public async Task Allowed_PrintsYesAndReason_ExitsZero()
    {
        fixture.Server.Reset();
        fixture.Server.Respond("GET", "/api/v1/authz/can-i", 200, ContractSamples.Allowed);
        _host.SignIn(fixture.Server.Url);

        var result = await _host.RunAsync("can-i --user virat.kohli@paralus.local --project aws cluster.read");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["yes", ContractSamples.Allowed.Reason], result.Output.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Denied_PrintsNoAndReason_ExitsOne()
    {
        fixture.Server.Reset();
        fixture.Server.Respond("GET", "/api/v1/authz/can-i", 200, ContractSamples.Denied);
        _host.SignIn(fixture.Server.Url);

        var result = await _host.RunAsync("can-i --user virat.kohli@paralus.local --project aws cluster.read");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["no", ContractSamples.Denied.Reason], result.Output.TrimEnd().Split('\n'));
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task DeniedAsJson_PrintsTheDecision_ExitsOne()
    {
        fixture.Server.Reset();
        fixture.Server.Respond("GET", "/api/v1/authz/can-i", 200, ContractSamples.Denied);
        _host.SignIn(fixture.Server.Url);

        var result = await _host.RunAsync("can-i cluster.read --project aws -o json");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("\"allowed\": false", result.Output);
    }

    public void Dispose() => _host.Dispose();
}
