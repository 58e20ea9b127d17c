using System.Text.Json.Nodes;
using Paralus.Cli.Tests.Infrastructure;

namespace Paralus.Cli.Tests.Commands;

public sealed class LoginTests(RecordingApiServerFixture fixture) : IClassFixture<RecordingApiServerFixture>, IDisposable
{
    private readonly CliTestHost _host = new();

    [Fact]
    public async Task Login_PasswordFromStdin_PostsCredentialsWithoutTokenAndSavesSession()
    {
        fixture.Server.Reset();
        fixture.Server.Respond("POST", "/api/v1/auth/login", 200, ContractSamples.Login);

        var result = await _host.RunAsync(
            ["login", "--server", fixture.Server.Url.AbsoluteUri, "--user", "admin@paralus.local", "--password-stdin"], "correct horse\n");

        Assert.Equal(0, result.ExitCode);
        var request = fixture.Server.SingleRequest;
        Assert.Null(request.Authorization);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("admin@paralus.local", (string?)body["username"]);
        Assert.Equal("correct horse", (string?)body["password"]);
        Assert.DoesNotContain("correct horse", result.Output + result.Error);
        Assert.Contains("Logged in to", result.Output);

        var config = JsonNode.Parse(File.ReadAllText(_host.ConfigPath))!;
        Assert.Equal(fixture.Server.Url.AbsoluteUri, (string?)config["server"]);
        Assert.Equal("session-token-from-login", (string?)config["token"]);
        Assert.Equal("admin@paralus.local", (string?)config["user"]);
        Assert.NotNull(config["expiresAt"]);
        Assert.DoesNotContain("correct horse", File.ReadAllText(_host.ConfigPath));
    }

    [Fact]
    public async Task Login_ThenCommand_SendsTheSessionToken()
    {
        fixture.Server.Reset();
        fixture.Server.Respond("POST", "/api/v1/auth/login", 200, ContractSamples.Login);
        fixture.Server.Respond("GET", "/api/v1/projects", 200, ContractSamples.List(ContractSamples.Project));

        await _host.RunAsync(["login", "--server", fixture.Server.Url.AbsoluteUri, "--user", "admin@paralus.local", "--password-stdin"], "pw");
        var result = await _host.RunAsync("get projects");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Bearer session-token-from-login", fixture.Server.Requests[^1].Authorization);
    }

    [Fact]
    public async Task Login_ServerFromParalusApiVariable_IsUsedAndRemembered()
    {
        fixture.Server.Reset();
        fixture.Server.Respond("POST", "/api/v1/auth/login", 200, ContractSamples.Login);
        _host.Variables["PARALUS_API"] = fixture.Server.Url.AbsoluteUri;

        var result = await _host.RunAsync("login --user admin@paralus.local --password-stdin", "pw\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(fixture.Server.Url.AbsoluteUri, File.ReadAllText(_host.ConfigPath));
    }

    [Fact]
    public async Task Login_ApiKeyFromStdin_ChecksItWithWhoAmIAndSavesItWithoutExpiry()
    {
        fixture.Server.Reset();
        fixture.Server.Respond("GET", "/api/v1/auth/whoami", 200, ContractSamples.WhoAmI);

        var result = await _host.RunAsync(["login", "--server", fixture.Server.Url.AbsoluteUri, "--api-key-stdin"], "pk_ak-1.s3cr3t\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Bearer pk_ak-1.s3cr3t", fixture.Server.SingleRequest.Authorization);
        var config = JsonNode.Parse(File.ReadAllText(_host.ConfigPath))!;
        Assert.Equal("pk_ak-1.s3cr3t", (string?)config["token"]);
        Assert.Equal("admin@paralus.local", (string?)config["user"]);
        Assert.Null(config["expiresAt"]);
    }

    [Fact]
    public async Task Login_WrongPassword_ReportsServerErrorAndWritesNoConfig()
    {
        fixture.Server.Reset();
        fixture.Server.Respond("POST", "/api/v1/auth/login", 401, new { title = "Unauthorized", status = 401, detail = "wrong user name or password" });

        var result = await _host.RunAsync(["login", "--server", fixture.Server.Url.AbsoluteUri, "--user", "admin@paralus.local", "--password-stdin"], "nope\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Error from server (Unauthorized): wrong user name or password", result.Error);
        Assert.False(File.Exists(_host.ConfigPath));
    }

    [Theory]
    [InlineData("login --server http://127.0.0.1:9 --user admin@paralus.local", "either --user NAME --password-stdin, --api-key-stdin or --sso IDP")]
    [InlineData("login --server http://127.0.0.1:9 --password-stdin", "--password-stdin needs --user NAME")]
    [InlineData("login --server http://127.0.0.1:9 --user a --password-stdin --api-key-stdin", "either")]
    public async Task Login_WithoutOneStdinSecret_IsAUsageError(string commandLine, string message)
    {
        var result = await _host.RunAsync(commandLine, "pw\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Contains("See 'paralus login --help'", result.Error);
    }

    [Fact]
    public async Task Login_EmptyStdin_IsAUsageErrorBeforeAnyRequest()
    {
        fixture.Server.Reset();

        var result = await _host.RunAsync(["login", "--server", fixture.Server.Url.AbsoluteUri, "--user", "a", "--password-stdin"], "");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("standard input is empty", result.Error);
        Assert.Empty(fixture.Server.Requests);
    }

    [Fact]
    public async Task Logout_ForgetsTheTokenButKeepsTheServer()
    {
        _host.SignIn(fixture.Server.Url);

        var logout = await _host.RunAsync("logout");
        var afterwards = await _host.RunAsync("get projects");

        Assert.Equal(0, logout.ExitCode);
        var config = JsonNode.Parse(File.ReadAllText(_host.ConfigPath))!;
        Assert.Null(config["token"]);
        Assert.Equal(fixture.Server.Url.AbsoluteUri, (string?)config["server"]);
        Assert.Equal(1, afterwards.ExitCode);
        Assert.Contains("not logged in", afterwards.Error);
    }

    public void Dispose() => _host.Dispose();
}
