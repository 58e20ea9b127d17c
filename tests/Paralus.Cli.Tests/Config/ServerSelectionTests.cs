using System.Runtime.Versioning;
using Paralus.Cli.Tests.Infrastructure;

namespace Paralus.Cli.Tests.Config;

/// <summary>Which server and token a command uses, and when it refuses to send anything.</summary>
[UnsupportedOSPlatform("windows")] // reads Unix file modes
public sealed class ServerSelectionTests : IClassFixture<RecordingApiServerFixture>, IDisposable
{
    private static readonly Uri Elsewhere = new("http://127.0.0.1:9/");

    private readonly CliTestHost _host = new();
    private readonly RecordingApiServer _server;

    public ServerSelectionTests(RecordingApiServerFixture fixture)
    {
        _server = fixture.Server;
        _server.Reset();
        _server.Respond("GET", "/api/v1/projects", 200, ContractSamples.List(ContractSamples.Project));
    }

    [Fact]
    public async Task ServerFlag_OverridesTheConfigForOneCall()
    {
        _host.SignIn(Elsewhere);
        var before = File.ReadAllText(_host.ConfigPath);

        var result = await _host.RunAsync(["get", "projects", "--server", _server.Url.AbsoluteUri]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Bearer session-token", _server.SingleRequest.Authorization);
        Assert.Equal(before, File.ReadAllText(_host.ConfigPath));
    }

    [Fact]
    public async Task ParalusApiVariable_OverridesTheConfig()
    {
        _host.SignIn(Elsewhere);
        _host.Variables["PARALUS_API"] = _server.Url.AbsoluteUri;

        var result = await _host.RunAsync("get projects");

        Assert.Equal(0, result.ExitCode);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task ServerFlag_WinsOverParalusApiVariable()
    {
        _host.SignIn(Elsewhere);
        _host.Variables["PARALUS_API"] = Elsewhere.AbsoluteUri;

        var result = await _host.RunAsync(["get", "projects", "-s", _server.Url.AbsoluteUri]);

        Assert.Equal(0, result.ExitCode);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task ExpiredSession_AsksToLogInAgain_WithoutSendingTheToken()
    {
        _host.SignIn(_server.Url, expiresAt: CliTestHost.Now.AddMinutes(-1));

        var result = await _host.RunAsync("get projects");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("expired", result.Error);
        Assert.Contains("run 'paralus login' again", result.Error);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task SessionExpiresWhileTheClockMoves()
    {
        _host.SignIn(_server.Url, expiresAt: CliTestHost.Now.AddHours(1));

        var before = await _host.RunAsync("get projects");
        _host.Time.Advance(TimeSpan.FromHours(2));
        var after = await _host.RunAsync("get projects");

        Assert.Equal(0, before.ExitCode);
        Assert.Equal(1, after.ExitCode);
    }

    [Fact]
    public async Task NotLoggedIn_SaysHowToLogIn()
    {
        var result = await _host.RunAsync(["get", "projects", "--server", _server.Url.AbsoluteUri]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not logged in", result.Error);
        Assert.Contains("paralus login", result.Error);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task ServerThatIsNotAnHttpUrl_IsAUsageError()
    {
        _host.SignIn(_server.Url);

        var result = await _host.RunAsync("get projects --server paralus.example.com");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'paralus.example.com' is not an http:// or https:// URL", result.Error);
    }

    [Fact]
    public async Task LoginWithoutParalusConfig_WritesHomeDotParalusConfigWithMode0600()
    {
        _host.Variables.Remove("PARALUS_CONFIG");
        _server.Respond("POST", "/api/v1/auth/login", 200, ContractSamples.Login);

        var result = await _host.RunAsync(["login", "--server", _server.Url.AbsoluteUri, "--user", "admin@paralus.local", "--password-stdin"], "pw\n");

        var path = Path.Combine(_host.Folder, ".paralus", "config");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Contains("session-token-from-login", File.ReadAllText(path));
    }

    public void Dispose() => _host.Dispose();
}
