using System.Text.Json.Nodes;
using Paralus.Cli.Tests.Infrastructure;

namespace Paralus.Cli.Tests.Commands;

/// <summary>A company sign-in's session is renewed silently before a command uses it, and logout ends it at the server.</summary>
public sealed class SessionRenewalTests(RecordingApiServerFixture fixture) : IClassFixture<RecordingApiServerFixture>, IDisposable
{
    private readonly CliTestHost _host = new();

    [Fact]
    public async Task Command_WithSessionEndingWithinAMinute_RenewsFirst_AndSavesBothRotatedTokens()
    {
        fixture.Server.Reset();
        fixture.Server.Respond("POST", "/api/v1/sso/token", 200, SsoSamples.Renewed);
        fixture.Server.Respond("GET", "/api/v1/projects", 200, ContractSamples.List(ContractSamples.Project));
        _host.SignInWithSso(fixture.Server.Url, expiresAt: CliTestHost.Now.AddSeconds(30), refreshToken: "refresh-1");

        var result = await _host.RunAsync("get projects");

        Assert.True(result.ExitCode == 0, result.Error);
        var (renewal, list) = (fixture.Server.Requests[0], fixture.Server.Requests[1]);
        Assert.Equal(("POST", "/api/v1/sso/token", null), (renewal.Method, renewal.Path, renewal.Authorization));
        Assert.Equal("""{"grantType":"refresh_token","refreshToken":"refresh-1"}""", renewal.Body);
        Assert.Equal("Bearer renewed-session-token", list.Authorization);
        var config = JsonNode.Parse(File.ReadAllText(_host.ConfigPath))!;
        Assert.Equal("renewed-session-token", (string?)config["token"]);
        Assert.Equal("refresh-2", (string?)config["refreshToken"]);
        Assert.Equal("corp", (string?)config["identityProvider"]);
    }

    [Fact]
    public async Task Command_WithSessionTimeLeft_IsNotRenewed()
    {
        fixture.Server.Reset();
        fixture.Server.Respond("GET", "/api/v1/projects", 200, ContractSamples.List(ContractSamples.Project));
        _host.SignInWithSso(fixture.Server.Url, expiresAt: CliTestHost.Now.AddMinutes(5));

        var result = await _host.RunAsync("get projects");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("Bearer session-token", fixture.Server.SingleRequest.Authorization);
    }

    [Fact]
    public async Task Command_WhenRenewalIsRefused_SaysToSignInAgain_AndSendsNothingElse()
    {
        fixture.Server.Reset();
        fixture.Server.RespondRaw("POST", "/api/v1/sso/token", RecordingApiServer.Problem(400, "invalid_grant", "the refresh token was already used"));
        _host.SignInWithSso(fixture.Server.Url, expiresAt: CliTestHost.Now.AddMinutes(-1));

        var result = await _host.RunAsync("get projects");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: your sign-in has expired; run 'paralus login --sso corp'", result.Error.Trim());
        Assert.Equal("/api/v1/sso/token", fixture.Server.SingleRequest.Path);
    }

    [Fact]
    public async Task Renewal_WhileAnotherParalusRenews_WaitsForIt_AndUsesWhatItSaved_WithoutSpendingTheRefreshTokenAgain()
    {
        fixture.Server.Reset();
        fixture.Server.Respond("GET", "/api/v1/projects", 200, ContractSamples.List(ContractSamples.Project));
        _host.SignInWithSso(fixture.Server.Url, expiresAt: CliTestHost.Now.AddSeconds(-1), refreshToken: "refresh-1");
        var otherParalus = new FileStream(_host.ConfigPath + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var run = _host.Start(["get", "projects"]);
        await Task.Delay(200);
        _host.SignInWithSso(fixture.Server.Url, expiresAt: CliTestHost.Now.AddHours(1), token: "renewed-elsewhere", refreshToken: "refresh-2");
        await otherParalus.DisposeAsync();
        var result = await _host.RunWithClockAsync(run, TimeSpan.FromMinutes(1));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(("/api/v1/projects", "Bearer renewed-elsewhere"), (fixture.Server.SingleRequest.Path, fixture.Server.SingleRequest.Authorization));
    }

    [Fact]
    public async Task Logout_AfterCompanySignIn_EndsItAtTheServer_AndForgetsSessionAndKubectlTokens()
    {
        fixture.Server.Reset();
        fixture.Server.Respond("POST", "/api/v1/sso/logout", 204, null);
        _host.SignInWithSso(fixture.Server.Url, expiresAt: CliTestHost.Now.AddHours(1), refreshToken: "refresh-1");
        var cache = Path.Combine(_host.Folder, "cache");
        Directory.CreateDirectory(cache);
        File.WriteAllText(Path.Combine(cache, "kubectl-token-0123.json"), "{}");

        var result = await _host.RunAsync("logout");

        Assert.True(result.ExitCode == 0, result.Error);
        var request = fixture.Server.SingleRequest;
        Assert.Equal(("POST", "/api/v1/sso/logout", """{"refreshToken":"refresh-1"}"""), (request.Method, request.Path, request.Body));
        var config = JsonNode.Parse(File.ReadAllText(_host.ConfigPath))!.AsObject();
        Assert.Null(config["token"]);
        Assert.Null(config["refreshToken"]);
        Assert.Equal(fixture.Server.Url.AbsoluteUri, (string?)config["server"]);
        Assert.Empty(Directory.GetFiles(cache));
    }

    [Fact]
    public async Task Logout_WhenTheServerIsGone_StillForgetsTheSession()
    {
        _host.SignInWithSso(new Uri("http://127.0.0.1:9/"), expiresAt: CliTestHost.Now.AddHours(1));

        var result = await _host.RunAsync("logout");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("warning: the server did not end the company sign-in", result.Error);
        Assert.Null(JsonNode.Parse(File.ReadAllText(_host.ConfigPath))!["refreshToken"]);
    }

    public void Dispose() => _host.Dispose();
}
