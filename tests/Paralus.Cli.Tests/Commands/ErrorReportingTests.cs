using System.Net;
using System.Net.Sockets;
using Paralus.Cli.Tests.Infrastructure;

namespace Paralus.Cli.Tests.Commands;

/// <summary>Failures end with a message on stderr and a non-zero exit code, never a stack trace.</summary>
public sealed class ErrorReportingTests(RecordingApiServerFixture fixture) : IClassFixture<RecordingApiServerFixture>, IDisposable
{
    private readonly CliTestHost _host = new();

    [Fact]
    public async Task Conflict_PrintsServerDetailKubectlStyle()
    {
        fixture.Server.Reset();
        fixture.Server.RespondRaw("POST", "/api/v1/projects", new CannedResponse(409,
            """{"type":"https://paralus.dev/problems/conflict","title":"Conflict","status":409,"detail":"project 'aws' already exists."}""",
            "application/problem+json"));
        _host.SignIn(fixture.Server.Url);

        var result = await _host.RunAsync("create project aws");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Equal("Error from server (Conflict): project 'aws' already exists.", result.Error.Trim());
    }

    [Fact]
    public async Task ValidationProblem_ListsEachFieldError()
    {
        fixture.Server.Reset();
        fixture.Server.RespondRaw("POST", "/api/v1/projects", new CannedResponse(400,
            """{"title":"One or more validation errors occurred.","status":400,"errors":{"name":["project name 'AWS' is invalid: use lower-case letters."]}}""",
            "application/problem+json"));
        _host.SignIn(fixture.Server.Url);

        var result = await _host.RunAsync("create project AWS");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Error from server (BadRequest): One or more validation errors occurred.", result.Error);
        Assert.Contains("  name: project name 'AWS' is invalid: use lower-case letters.", result.Error);
    }

    [Fact]
    public async Task NotFound_UsesTitleWhenThereIsNoDetail()
    {
        fixture.Server.Reset();
        fixture.Server.RespondRaw("GET", "/api/v1/projects/nope", new CannedResponse(404, """{"title":"Not Found","status":404}""", "application/problem+json"));
        _host.SignIn(fixture.Server.Url);

        var result = await _host.RunAsync("get project nope");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error from server (NotFound): Not Found", result.Error.Trim());
    }

    [Fact]
    public async Task Unauthorized_SuggestsLoggingInAgain()
    {
        fixture.Server.Reset();
        fixture.Server.RespondRaw("GET", "/api/v1/projects", new CannedResponse(401, """{"title":"Unauthorized","status":401,"detail":"the session has been revoked."}""", "application/problem+json"));
        _host.SignIn(fixture.Server.Url);

        var result = await _host.RunAsync("get projects");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Error from server (Unauthorized): the session has been revoked.", result.Error);
        Assert.Contains("paralus login", result.Error);
    }

    [Fact]
    public async Task NonJsonError_ShowsStatusAndShortText()
    {
        fixture.Server.Reset();
        fixture.Server.RespondRaw("GET", "/api/v1/projects", new CannedResponse(502, "upstream unavailable", "text/plain"));
        _host.SignIn(fixture.Server.Url);

        var result = await _host.RunAsync("get projects");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error from server (BadGateway): upstream unavailable", result.Error.Trim());
    }

    [Fact]
    public async Task SuccessWithoutJson_IsAnErrorWithoutStackTrace()
    {
        fixture.Server.Reset();
        fixture.Server.RespondRaw("GET", "/api/v1/projects", new CannedResponse(200, "<html>login page</html>", "text/html"));
        _host.SignIn(fixture.Server.Url);

        var result = await _host.RunAsync("get projects");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: the server at", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public async Task ConnectionRefused_NamesTheServer()
    {
        var closedPort = ClosedPort();
        _host.SignIn(new Uri($"http://127.0.0.1:{closedPort}"));

        var result = await _host.RunAsync("get projects");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"Unable to connect to the server at http://127.0.0.1:{closedPort}/", result.Error);
        Assert.Contains("connection refused", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public async Task ConnectionRefusedDuringLogin_NamesTheServer()
    {
        var closedPort = ClosedPort();

        var result = await _host.RunAsync($"login --server http://127.0.0.1:{closedPort} --user a --password-stdin", "pw\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"Unable to connect to the server at http://127.0.0.1:{closedPort}/", result.Error);
    }

    [Theory]
    [InlineData("create cluster c1", "--project")]
    [InlineData("create rolebinding --role ADMIN", "exactly one of --user and --group")]
    [InlineData("create rolebinding --role ADMIN --user a --group b", "exactly one of --user and --group")]
    [InlineData("create rolebinding --role ADMIN --user a --namespace n", "--namespace needs --project")]
    [InlineData("create role r --scope galaxy --permissions a", "galaxy")]
    [InlineData("update user u --activate --deactivate", "cannot be combined")]
    [InlineData("update settings --audit-retention 90days", "invalid duration '90days'")]
    [InlineData("get projects -o wide", "unknown output format 'wide'")]
    [InlineData("get projects --limit 0", "--limit must be a positive number")]
    [InlineData("get", "Required command was not provided")]
    [InlineData("frobnicate", "frobnicate")]
    public async Task UsageError_ExitsOneWithMessageAndHint(string commandLine, string message)
    {
        fixture.Server.Reset();
        _host.SignIn(fixture.Server.Url);

        var result = await _host.RunAsync(commandLine);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Contains("--help' for usage.", result.Error);
        Assert.Empty(fixture.Server.Requests);
    }

    [Theory]
    [InlineData("update project aws")]
    [InlineData("update group g")]
    [InlineData("update settings")]
    public async Task UpdateWithNothingToChange_IsAUsageErrorWithoutARequest(string commandLine)
    {
        fixture.Server.Reset();
        _host.SignIn(fixture.Server.Url);

        var result = await _host.RunAsync(commandLine);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("nothing to update", result.Error);
        Assert.Empty(fixture.Server.Requests);
    }

    [Fact]
    public async Task InvalidLabel_IsAUsageError()
    {
        fixture.Server.Reset();
        _host.SignIn(fixture.Server.Url);

        var result = await _host.RunAsync("create cluster c1 --project aws --label env");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("invalid label 'env'", result.Error);
        Assert.Empty(fixture.Server.Requests);
    }

    public void Dispose() => _host.Dispose();

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
