using Paralus.Cli.Tests.Infrastructure;

namespace Paralus.Cli.Tests.Commands;

/// <summary><c>audit verify</c>: one request per day with progress on stderr, the findings of each log as a table, and an exit code scripts can use.</summary>
public sealed class AuditVerifyCommandTests(RecordingApiServerFixture fixture) : IClassFixture<RecordingApiServerFixture>, IDisposable
{
    private readonly CliTestHost _host = new();

    [Fact]
    public async Task IntactDays_AreVerifiedOneByOne_AndExitZero()
    {
        fixture.Server.Reset();
        _host.SignIn(fixture.Server.Url);
        fixture.Server.RespondRaw("GET", "/api/v1/audit/verify", new CannedResponse(200,
            """{"from":"2026-11-21","to":"2026-11-21","logs":["kubectl","system"],"segments":3,"records":40,"intact":true,"findings":[]}""", "application/json"));

        var result = await _host.RunAsync("audit verify --from 2026-11-21 --to 2026-11-22");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["/api/v1/audit/verify?from=2026-11-21&to=2026-11-21", "/api/v1/audit/verify?from=2026-11-22&to=2026-11-22"],
            fixture.Server.Requests.Select(r => r.Target));
        Assert.Contains("verifying 2026-11-22 ... 40 records, intact", result.Error);
        Assert.Equal("80 records of the kubectl and system audit from 2026-11-21 to 2026-11-22 are as they were stored.\n", result.Output);
    }

    [Fact]
    public async Task Findings_AreListed_AndExitOne()
    {
        fixture.Server.Reset();
        _host.SignIn(fixture.Server.Url);
        fixture.Server.RespondRaw("GET", "/api/v1/audit/verify", new CannedResponse(200, """
            {"from":"2026-11-22","to":"2026-11-22","logs":["kubectl"],"segments":3,"records":3,"intact":false,"findings":[
              {"log":"kubectl","day":"2026-11-22","kind":"removed","where":"organization","eventIds":["3f1c0e7a"],"detail":"record #2 of the chain is missing"}]}
            """, "application/json"));

        var result = await _host.RunAsync("audit verify --from 1h");

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"LOG\s+DAY\s+KIND\s+RECORDS\s+WHERE\s+DETAIL", result.Output);
        Assert.Matches(@"kubectl\s+2026-11-22\s+removed\s+3f1c0e7a\s+organization\s+record #2 of the chain is missing", result.Output);
    }

    [Fact]
    public async Task FromAfterTo_IsAUsageError()
    {
        fixture.Server.Reset();
        _host.SignIn(fixture.Server.Url);

        var result = await _host.RunAsync("audit verify --from 2026-11-22 --to 2026-11-20");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--from must not be later than --to", result.Error);
        Assert.Empty(fixture.Server.Requests);
    }

    public void Dispose() => _host.Dispose();
}
