using Paralus.Cli.Tests.Infrastructure;

namespace Paralus.Cli.Tests.Commands;

/// <summary><c>audit kubectl --follow</c>: the last records oldest first, then only what is new at each poll, until Ctrl-C.</summary>
public sealed class AuditFollowCommandTests(RecordingApiServerFixture fixture) : IClassFixture<RecordingApiServerFixture>, IDisposable
{
    private readonly CliTestHost _host = new();

    [Fact]
    public async Task Follow_PrintsTheLastRecordsOldestFirst_ThenOnlyNewOnes_UntilCancelled()
    {
        fixture.Server.Reset();
        _host.SignIn(fixture.Server.Url);
        Respond(Record("r2", "11:59:00", "get"), Record("r1", "11:58:00", "list"));
        using var ctrlC = new CancellationTokenSource();

        var run = _host.Start(["audit", "kubectl", "--follow", "--cluster", "sandbox"], cancellationToken: ctrlC.Token);
        await run.WaitForOutputAsync("r2-pod");
        Respond(Record("r3", "11:59:30", "delete"), Record("r2", "11:59:00", "get"), Record("r1", "11:58:00", "list"));
        await _host.AdvanceUntilAsync(() => run.Output.ToString().Contains("r3-pod", StringComparison.Ordinal), TimeSpan.FromMinutes(1));
        await run.WaitForOutputAsync("r3-pod");
        ctrlC.Cancel();
        var result = await run.CompletionAsync();

        Assert.Equal(130, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^TIME\s+USER\s+CLUSTER", lines[0]);
        Assert.Equal(["r1-pod", "r2-pod", "r3-pod"], lines[1..].Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[6]));
        var requests = fixture.Server.Requests.Select(r => r.Target).ToArray();
        Assert.Equal("/api/v1/audit/kubectl?cluster=sandbox&limit=10", requests[0]);
        // Looking back 30 s from the newest record printed, by the server's times.
        Assert.Equal("/api/v1/audit/kubectl?cluster=sandbox&since=2026-11-22T11%3A58%3A30Z&limit=1000", requests[1]);
    }

    [Fact]
    public async Task FollowWithContinue_IsAUsageError()
    {
        fixture.Server.Reset();
        _host.SignIn(fixture.Server.Url);

        var result = await _host.RunAsync("audit kubectl --follow --continue abc");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--continue cannot be combined with --follow", result.Error);
        Assert.Empty(fixture.Server.Requests);
    }

    private void Respond(params string[] records) =>
        fixture.Server.RespondRaw("GET", "/api/v1/audit/kubectl", new CannedResponse(200, $$"""{"items":[{{string.Join(",", records)}}]}""", "application/json"));

    private static string Record(string id, string time, string verb) => $$"""
        {"id":"{{id}}","time":"2026-11-22T{{time}}Z","project":"default","cluster":"sandbox","user":"sally@example.com","credentialKind":"certificate",
         "verb":"{{verb}}","resource":"pods","namespace":"default","name":"{{id}}-pod","requestUri":"/api/v1/namespaces/default/pods/{{id}}-pod","status":200,
         "decision":"allow","durationMs":3}
        """;

    public void Dispose() => _host.Dispose();
}
