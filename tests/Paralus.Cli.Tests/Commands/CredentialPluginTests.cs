using System.Diagnostics;
using System.Text.Json.Nodes;
using Paralus.Cli.Tests.Infrastructure;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Tests.Commands;

/// <summary>
/// <c>credential</c>, as kubectl runs it: an ExecCredential on stdout and nothing else, a cached token reused, and a
/// failure that is one line on stderr, at once, without waiting on anyone.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // reads Unix file modes
public sealed class CredentialPluginTests(RecordingApiServerFixture fixture) : IClassFixture<RecordingApiServerFixture>, IDisposable
{
    private const string InteractiveExecInfo = """{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"interactive":true}}""";

    private readonly CliTestHost _host = new();

    private string CacheDirectory => Path.Combine(_host.Folder, "cache");

    [Fact]
    public async Task Credential_FetchesAKubectlToken_PrintsAnExecCredential_AndCachesItOwnerOnly()
    {
        Prepare(SsoSamples.KubectlToken(TimeSpan.FromHours(1)));

        var result = await _host.RunAsync("credential --cluster c1");

        Assert.True(result.ExitCode == 0, result.Error);
        var request = fixture.Server.SingleRequest;
        Assert.Equal(("POST", "/api/v1/kubeconfig/token", "Bearer session-token", "{}"), (request.Method, request.Path, request.Authorization, request.Body));
        AssertExecCredential(result.Output, "kubectl-token-1", "2026-11-22T13:00:00Z");
        Assert.Equal("", result.Error);
        var file = Assert.Single(Directory.GetFiles(CacheDirectory));
        Assert.Matches("kubectl-token-[0-9a-f]+\\.json$", file);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(CacheDirectory));
        Assert.Equal("kubectl-token-1", (string?)JsonNode.Parse(File.ReadAllText(file))!["token"]);
    }

    [Fact]
    public async Task Credential_WithACachedTokenWithTimeLeft_ReusesItWithoutAnyRequest()
    {
        Prepare(SsoSamples.KubectlToken(TimeSpan.FromHours(1)));
        await _host.RunAsync("credential");
        fixture.Server.Reset();
        _host.Time.Advance(TimeSpan.FromMinutes(50));

        var result = await _host.RunAsync("credential");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Empty(fixture.Server.Requests);
        AssertExecCredential(result.Output, "kubectl-token-1", "2026-11-22T13:00:00Z");
    }

    [Fact]
    public async Task Credential_WithACachedTokenEndingWithinFiveMinutes_FetchesANewOne()
    {
        Prepare(SsoSamples.KubectlToken(TimeSpan.FromMinutes(10)));
        await _host.RunAsync("credential");
        fixture.Server.Respond("POST", "/api/v1/kubeconfig/token", 200, SsoSamples.KubectlToken(TimeSpan.FromMinutes(70), "kubectl-token-2"));
        _host.Time.Advance(TimeSpan.FromMinutes(6));

        var result = await _host.RunAsync("credential");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(2, fixture.Server.Requests.Count);
        AssertExecCredential(result.Output, "kubectl-token-2", "2026-11-22T13:10:00Z");
    }

    [Fact]
    public async Task Credential_WithTheSessionAboutToEnd_RenewsItSilently_ThenFetches()
    {
        Prepare(SsoSamples.KubectlToken(TimeSpan.FromHours(1)));
        fixture.Server.Respond("POST", "/api/v1/sso/token", 200, SsoSamples.Renewed);
        _host.SignInWithSso(fixture.Server.Url, expiresAt: CliTestHost.Now.AddSeconds(-10));

        var result = await _host.RunAsync("credential");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(["/api/v1/sso/token", "/api/v1/kubeconfig/token"], fixture.Server.Requests.Select(request => request.Path));
        Assert.Equal("Bearer renewed-session-token", fixture.Server.Requests[1].Authorization);
        Assert.Equal("refresh-2", (string?)JsonNode.Parse(File.ReadAllText(_host.ConfigPath))!["refreshToken"]);
        Assert.Equal("", result.Error);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Credential_SignInExpired_NoTerminal_OneLineOnStderr_Exit1_AtOnce(bool withRefusedRefreshToken)
    {
        fixture.Server.Reset();
        fixture.Server.RespondRaw("POST", "/api/v1/sso/token", RecordingApiServer.Problem(400, "invalid_grant", "refresh token expired"));
        _host.SignInWithSso(fixture.Server.Url, expiresAt: CliTestHost.Now.AddMinutes(-5),
            refreshExpiresAt: withRefusedRefreshToken ? CliTestHost.Now.AddDays(1) : CliTestHost.Now.AddMinutes(-1));
        _host.Variables["KUBERNETES_EXEC_INFO"] = InteractiveExecInfo;
        _host.InputIsTerminal = false;

        var clock = Stopwatch.StartNew();
        var result = await _host.RunAsync("credential");
        clock.Stop();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Equal($"paralus: sign-in to {fixture.Server.Url.AbsoluteUri} expired; run 'paralus login --sso corp' and retry\n", result.Error.ReplaceLineEndings("\n"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
        Assert.Equal(withRefusedRefreshToken ? 1 : 0, fixture.Server.Requests.Count);
    }

    [Fact]
    public async Task Credential_SignInExpired_InteractiveAtATerminal_SignsInAgainWithADeviceCode_PromptsOnStderrOnly()
    {
        fixture.Server.Reset();
        fixture.Server.RespondRaw("POST", "/api/v1/sso/token", RecordingApiServer.Problem(400, "invalid_grant", "refresh token expired"));
        fixture.Server.Respond("POST", "/api/v1/sso/corp/device", 200, SsoSamples.Device(TimeSpan.FromMinutes(10)));
        fixture.Server.Respond("POST", "/api/v1/kubeconfig/token", 200, SsoSamples.KubectlToken(TimeSpan.FromHours(1)));
        _host.SignInWithSso(fixture.Server.Url, expiresAt: CliTestHost.Now.AddMinutes(-5));
        _host.Variables["KUBERNETES_EXEC_INFO"] = InteractiveExecInfo;
        _host.InputIsTerminal = true;

        var run = _host.Start(["credential"]);
        await run.WaitForErrorAsync("enter the code WDJB-MJHT");
        // Approved: the next poll gets the session.
        fixture.Server.RespondRaw("POST", "/api/v1/sso/token", RecordingApiServer.JsonAnswer(200, SsoSamples.Session));
        var result = await _host.RunWithClockAsync(run, TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 0, result.Error);
        AssertExecCredential(result.Output, "kubectl-token-1", "2026-11-22T13:00:00Z");
        Assert.Equal("Bearer sso-session-token", fixture.Server.Requests[^1].Authorization);
        Assert.Equal("sso-session-token", (string?)JsonNode.Parse(File.ReadAllText(_host.ConfigPath))!["token"]);
    }

    [Fact]
    public async Task Credential_UnknownExecInfoApiVersion_IsRefusedInOneLine()
    {
        Prepare(SsoSamples.KubectlToken(TimeSpan.FromHours(1)));
        _host.Variables["KUBERNETES_EXEC_INFO"] = """{"apiVersion":"client.authentication.k8s.io/v2","spec":{}}""";

        var result = await _host.RunAsync("credential");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Equal(
            "paralus: kubectl asked for ExecCredential API version 'client.authentication.k8s.io/v2'; paralus speaks client.authentication.k8s.io/v1 and client.authentication.k8s.io/v1beta1.",
            result.Error.Trim());
        Assert.Empty(fixture.Server.Requests);
    }

    [Fact]
    public async Task Credential_ServerUnreachable_OneLineNoStackTrace()
    {
        _host.SignIn(new Uri("http://127.0.0.1:9/"));

        var result = await _host.RunAsync("credential");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Output);
        var line = Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.StartsWith("paralus: Unable to connect to the server at http://127.0.0.1:9/", line);
    }

    [Fact]
    public async Task Credential_SessionRevokedAtTheServer_SaysToSignInAgain()
    {
        fixture.Server.Reset();
        fixture.Server.Respond("POST", "/api/v1/kubeconfig/token", 401, new { title = "Unauthorized", status = 401, detail = "session revoked" });
        _host.SignIn(fixture.Server.Url);

        var result = await _host.RunAsync("credential");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"paralus: sign-in to {fixture.Server.Url.AbsoluteUri} is no longer accepted; run 'paralus login' and retry", result.Error.Trim());
    }

    public void Dispose() => _host.Dispose();

    private void Prepare(KubectlTokenResponse token)
    {
        fixture.Server.Reset();
        fixture.Server.Respond("POST", "/api/v1/kubeconfig/token", 200, token);
        _host.SignIn(fixture.Server.Url);
    }

    private static void AssertExecCredential(string output, string token, string expiration)
    {
        var expected = JsonNode.Parse($$$"""
            {"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"{{{token}}}","expirationTimestamp":"{{{expiration}}}"}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(output)), output);
    }
}
