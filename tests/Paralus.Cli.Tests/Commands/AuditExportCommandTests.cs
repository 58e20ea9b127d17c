using Paralus.Cli.Tests.Infrastructure;

namespace Paralus.Cli.Tests.Commands;

/// <summary><c>audit export</c> and <c>audit kubectl -o csv|k8s</c>: the server's export passed through to stdout, with the filters as the query.</summary>
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

    [Theory]
    [InlineData("-o csv", "csv")]
    [InlineData("-o k8s", "k8s")]
    public async Task AuditKubectl_InCsvOrK8s_IsTheServersExport(string output, string format)
    {
        fixture.Server.Reset();
        _host.SignIn(fixture.Server.Url);
        fixture.Server.RespondRaw("GET", "/api/v1/audit/kubectl/export", new CannedResponse(200, "exported\n", "text/plain"));

        var result = await _host.RunAsync($"audit kubectl --verb delete {output}");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"/api/v1/audit/kubectl/export?format={format}&verb=delete", fixture.Server.SingleRequest.Target);
        Assert.Equal("exported\n", result.Output);
    }

    [Theory]
    [InlineData("get projects -o csv", "only for 'paralus audit kubectl'")]
    [InlineData("create project web -o k8s", "only for 'paralus audit kubectl'")]
    [InlineData("audit kubectl -o csv --follow", "drop --follow and --continue")]
    public async Task CsvOrK8s_Elsewhere_IsRefusedBeforeAnythingIsSent(string commandLine, string message)
    {
        fixture.Server.Reset();
        _host.SignIn(fixture.Server.Url);

        var result = await _host.RunAsync(commandLine);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Empty(fixture.Server.Requests);
    }

    public void Dispose() => _host.Dispose();
}
