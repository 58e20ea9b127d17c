using Paralus.Cli.Tests.Infrastructure;

namespace Paralus.Cli.Tests.Commands;

/// <summary><c>audit export</c>: the server's export passed through to stdout, with the filters as the query.</summary>
public sealed class AuditExportCommandTests(RecordingApiServerFixture fixture) : IClassFixture<RecordingApiServerFixture>, IDisposable
{
    private readonly CliTestHost _host = new();

    [Fact]
    public async Task Export_AsksForTheFormatAndFilters_AndWritesTheAnswerAsItIs()
    {
        fixture.Server.Reset();
        _host.SignIn(fixture.Server.Url);
        fixture.Server.RespondRaw("GET", "/api/v1/audit/kubectl/export", new CannedResponse(200, "time,id\n2026-11-22T11:55:00Z,3f1c0e7a\n", "text/csv"));

        var result = await _host.RunAsync("audit export --format csv --cluster sandbox --since 1h");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("/api/v1/audit/kubectl/export?format=csv&since=2026-11-22T11%3A00%3A00Z&cluster=sandbox", fixture.Server.SingleRequest.Target);
        Assert.Equal("time,id\n2026-11-22T11:55:00Z,3f1c0e7a\n", result.Output);
    }

    [Fact]
    public async Task Export_InAnUnknownFormat_IsAUsageError()
    {
        fixture.Server.Reset();
        _host.SignIn(fixture.Server.Url);

        var result = await _host.RunAsync("audit export --format xml");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Empty(fixture.Server.Requests);
    }

    public void Dispose() => _host.Dispose();
}
