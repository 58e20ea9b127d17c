using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Web;
using Paralus.Cli.Tests.Infrastructure;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Tests.Commands;

/// <summary><c>login --sso</c>: the browser flow through the loopback listener, and the device flow.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // reads Unix file modes
public sealed class SsoLoginTests(RecordingApiServerFixture fixture) : IClassFixture<RecordingApiServerFixture>, IDisposable
{
    private readonly CliTestHost _host = new();

    [Fact]
    public async Task LoginSso_Browser_CompletesThroughTheLoopback_SendsTheVerifier_AndSavesTheSession()
    {
        Reset();
        fixture.Server.Respond("POST", "/api/v1/sso/token", 200, SsoSamples.Session);

        var run = _host.Start(["login", "--server", fixture.Server.Url.AbsoluteUri, "--sso", "corp"]);
        var authorize = await AuthorizeUrlAsync(run);
        var query = HttpUtility.ParseQueryString(authorize.Query);
        Assert.Equal("S256", query["code_challenge"] is { Length: 43 } ? query["code_challenge_method"] : "no 43-character challenge");
        var state = query["state"]!;
        Assert.True(state.Length >= 16, state);
        var redirect = new Uri(query["redirect_uri"]!);
        Assert.Equal(("http", "127.0.0.1", "/callback"), (redirect.Scheme, redirect.Host, redirect.AbsolutePath));

        var (status, page) = await BrowseAsync(new Uri($"{redirect.AbsoluteUri}?code=code-1&state={Uri.EscapeDataString(state)}"));
        var result = await run.CompletionAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Signed in to Paralus", page);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal($"Logged in to {fixture.Server.Url.AbsoluteUri} as alice@corp.example through corp until 2026-11-22T13:00:00Z.", result.Output.Trim());

        Assert.Equal(["/api/v1/sso/providers", "/api/v1/sso/token"], fixture.Server.Requests.Select(request => request.Path));
        var request = fixture.Server.Requests[1];
        Assert.Equal(("POST", "/api/v1/sso/token", null), (request.Method, request.Path, request.Authorization));
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("authorization_code", (string?)body["grantType"]);
        Assert.Equal("code-1", (string?)body["code"]);
        Assert.Equal(redirect.AbsoluteUri, (string?)body["redirectUri"]);
        var verifier = (string)body["codeVerifier"]!;
        Assert.True(verifier.Length >= 43, verifier);
        Assert.Equal(query["code_challenge"], S256(verifier));

        var config = JsonNode.Parse(File.ReadAllText(_host.ConfigPath))!;
        Assert.Equal("sso-session-token", (string?)config["token"]);
        Assert.Equal("refresh-from-sign-in", (string?)config["refreshToken"]);
        Assert.Equal("corp", (string?)config["identityProvider"]);
        Assert.NotNull(config["refreshExpiresAt"]);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_host.ConfigPath));
    }

    [Fact]
    public async Task LoginSso_CallbackWithAnotherState_IsRefused_AndNothingIsSaved()
    {
        Reset();
        fixture.Server.Respond("POST", "/api/v1/sso/token", 200, SsoSamples.Session);

        var run = _host.Start(["login", "--server", fixture.Server.Url.AbsoluteUri, "--sso", "corp"]);
        var redirect = new Uri(HttpUtility.ParseQueryString((await AuthorizeUrlAsync(run)).Query)["redirect_uri"]!);
        var (status, _) = await BrowseAsync(new Uri($"{redirect.AbsoluteUri}?code=stolen&state=forged"));
        var result = await run.CompletionAsync();

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("a state this sign-in did not send", result.Error);
        Assert.DoesNotContain(fixture.Server.Requests, request => request.Path == "/api/v1/sso/token");
        Assert.False(File.Exists(_host.ConfigPath));
    }

    [Fact]
    public async Task LoginSso_ProviderSaysNo_ShowsWhy_AndSavesNothing()
    {
        Reset();

        var run = _host.Start(["login", "--server", fixture.Server.Url.AbsoluteUri, "--sso", "corp"]);
        var query = HttpUtility.ParseQueryString((await AuthorizeUrlAsync(run)).Query);
        await BrowseAsync(new Uri($"{query["redirect_uri"]}?error=access_denied&error_description=not+in+the+app&state={Uri.EscapeDataString(query["state"]!)}"));
        var result = await run.CompletionAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the sign-in failed: not in the app (access_denied)", result.Error);
        Assert.False(File.Exists(_host.ConfigPath));
    }

    [Fact]
    public async Task LoginSso_Device_PendingThenSlowDownThenApproved_WaitsLongerAfterSlowDown_AndSaves()
    {
        Reset();
        fixture.Server.Clock = _host.Time;
        fixture.Server.Respond("POST", "/api/v1/sso/corp/device", 200, SsoSamples.Device(TimeSpan.FromMinutes(10)));
        fixture.Server.RespondInTurn("POST", "/api/v1/sso/token",
            RecordingApiServer.Problem(400, "authorization_pending", "not yet"),
            RecordingApiServer.Problem(400, "slow_down", "slow down"),
            RecordingApiServer.JsonAnswer(200, SsoSamples.Session));

        var result = await _host.RunWithClockAsync(_host.Start(["login", "--server", fixture.Server.Url.AbsoluteUri, "--sso", "corp", "--device"]), TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("open https://login.corp.example/device and enter the code WDJB-MJHT", result.Error);
        Assert.Contains("https://login.corp.example/device?user_code=WDJB-MJHT", result.Error);
        var start = fixture.Server.Requests[1];
        Assert.Equal(("/api/v1/sso/corp/device", ""), (start.Path, start.Body));
        var polls = fixture.Server.Requests.Skip(2).ToArray();
        Assert.Equal(3, polls.Length);
        Assert.All(polls, poll => Assert.Equal("""{"grantType":"urn:ietf:params:oauth:grant-type:device_code","deviceCode":"device-code-1"}""", poll.Body));
        // The fake clock only moves on while requests are in flight too, so gaps can be longer than asked, never shorter.
        Assert.True(polls[0].At - start.At >= TimeSpan.FromSeconds(5));
        Assert.True(polls[1].At - polls[0].At >= TimeSpan.FromSeconds(5));
        // slow_down adds 5 s to the interval for good.
        Assert.True(polls[2].At - polls[1].At >= TimeSpan.FromSeconds(10), $"{polls[2].At - polls[1].At} after slow_down");
        Assert.Equal("sso-session-token", (string?)JsonNode.Parse(File.ReadAllText(_host.ConfigPath))!["token"]);
    }

    [Fact]
    public async Task LoginSso_Device_CodeExpiresUnapproved_GivesUpWithWhatToRun()
    {
        Reset();
        fixture.Server.Respond("POST", "/api/v1/sso/corp/device", 200, SsoSamples.Device(TimeSpan.FromSeconds(12)));
        fixture.Server.RespondRaw("POST", "/api/v1/sso/token", RecordingApiServer.Problem(400, "authorization_pending", "not yet"));

        var result = await _host.RunWithClockAsync(_host.Start(["login", "--server", fixture.Server.Url.AbsoluteUri, "--sso", "corp", "--device"]), TimeSpan.FromMinutes(2));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the code WDJB-MJHT expired at 2026-11-22T12:00:12Z before the sign-in was approved; run 'paralus login --sso corp --device' again.", result.Error);
        Assert.False(File.Exists(_host.ConfigPath));
    }

    [Fact]
    public async Task LoginSso_Device_Denied_StopsWithTheServersReason()
    {
        Reset();
        fixture.Server.Respond("POST", "/api/v1/sso/corp/device", 200, SsoSamples.Device(TimeSpan.FromMinutes(10)));
        fixture.Server.RespondRaw("POST", "/api/v1/sso/token", RecordingApiServer.Problem(400, "access_denied", "the user declined the sign-in"));

        var result = await _host.RunWithClockAsync(_host.Start(["login", "--server", fixture.Server.Url.AbsoluteUri, "--sso", "corp", "--device"]), TimeSpan.FromMinutes(2));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the user declined the sign-in", result.Error);
        Assert.Equal(3, fixture.Server.Requests.Count);
    }

    [Fact]
    public async Task LoginSso_UnknownProvider_FailsAtOnce_NamingTheOnesThereAre()
    {
        Reset();

        var result = await _host.RunAsync(["login", "--server", fixture.Server.Url.AbsoluteUri, "--sso", "crop"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: {fixture.Server.Url.AbsoluteUri} has no identity provider 'crop'; choose one of: corp, entra.", result.Error.Trim());
        Assert.Equal("/api/v1/sso/providers", fixture.Server.SingleRequest.Path);
    }

    [Theory]
    [InlineData("login --server http://127.0.0.1:9 --user a --password-stdin --device", "--device and --timeout belong to --sso IDP")]
    [InlineData("login --server http://127.0.0.1:9 --sso corp --api-key-stdin", "either")]
    public async Task Login_SsoOptionsMixedWithOthers_AreUsageErrors(string commandLine, string message)
    {
        var result = await _host.RunAsync(commandLine, "pw\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Error);
    }

    public void Dispose() => _host.Dispose();

    private void Reset()
    {
        fixture.Server.Reset();
        fixture.Server.Respond("GET", "/api/v1/sso/providers", 200, ContractSamples.List(new SsoProviderResource("corp", "oidc"), new SsoProviderResource("entra", "entra")));
    }

    private static async Task<Uri> AuthorizeUrlAsync(RunningCli run)
    {
        var match = await run.WaitForErrorAsync(@"(http://127\.0\.0\.1:\d+/api/v1/sso/corp/authorize\?\S+)");
        return new Uri(match.Groups[1].Value);
    }

    /// <summary>What the browser does at the end of the sign-in: follow the provider's redirect to the loopback.</summary>
    private static async Task<(HttpStatusCode Status, string Page)> BrowseAsync(Uri url)
    {
        using var browser = new HttpClient();
        using var response = await browser.GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string S256(string verifier) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
