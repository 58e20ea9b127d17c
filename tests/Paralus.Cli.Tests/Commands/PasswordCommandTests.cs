using System.Text.Json.Nodes;
using Paralus.Cli.Tests.Infrastructure;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Tests.Commands;

/// <summary><c>passwd</c>, and what <c>login</c> says when it got a session that must first change the password or add an authenticator.</summary>
public sealed class PasswordCommandTests(RecordingApiServerFixture fixture) : IClassFixture<RecordingApiServerFixture>, IDisposable
{
    private readonly CliTestHost _host = new();

    [Theory]
    [InlineData(SessionRestrictions.PasswordChange, "paralus passwd --password-stdin")]
    [InlineData(SessionRestrictions.SecondFactorEnrollment, "paralus totp enable")]
    public async Task Login_ToARestrictedSession_KeepsIt_AndSaysWhatToDoFirst(string restriction, string hint)
    {
        fixture.Server.Reset();
        fixture.Server.Respond("POST", "/api/v1/auth/login", 200, ContractSamples.Login with { Restriction = restriction });

        var result = await _host.RunAsync(["login", "--server", fixture.Server.Url.AbsoluteUri, "--user", "admin@paralus.local", "--password-stdin"], "generated\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(hint, result.Error);
        Assert.Contains("session-token-from-login", File.ReadAllText(_host.ConfigPath));
    }

    [Fact]
    public async Task Passwd_SendsCurrentAndNew_AndKeepsTheNewSession()
    {
        fixture.Server.Reset();
        _host.SignIn(fixture.Server.Url, token: "restricted-token");
        fixture.Server.Respond("POST", "/api/v1/auth/password", 200, new LoginResponse("fresh-token", CliTestHost.Now.AddHours(1), "admin@paralus.local"));

        var result = await _host.RunAsync("passwd --password-stdin", "generated-password\nmy-new-password\n");

        Assert.Equal(0, result.ExitCode);
        var sent = JsonNode.Parse(fixture.Server.SingleRequest.Body)!;
        Assert.Equal(("generated-password", "my-new-password"), ((string?)sent["currentPassword"], (string?)sent["newPassword"]));
        Assert.Equal("Bearer restricted-token", fixture.Server.SingleRequest.Authorization);
        Assert.Contains("Password changed for admin@paralus.local", result.Output);
        var config = File.ReadAllText(_host.ConfigPath);
        Assert.Contains("fresh-token", config);
        Assert.DoesNotContain("restricted-token", config);
    }

    [Theory]
    [InlineData("only-one-line\n")]
    [InlineData("one\n\n")]
    [InlineData("a\nb\nc\n")]
    public async Task Passwd_NeedsExactlyTwoLines_AndSendsNothingOtherwise(string stdin)
    {
        fixture.Server.Reset();
        _host.SignIn(fixture.Server.Url);

        var result = await _host.RunAsync("passwd --password-stdin", stdin);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("two lines", result.Error);
        Assert.Empty(fixture.Server.Requests);
    }

    [Fact]
    public async Task Passwd_WrongCurrentPassword_ShowsTheServersMessage_AndKeepsTheSession()
    {
        fixture.Server.Reset();
        _host.SignIn(fixture.Server.Url, token: "kept-token");
        fixture.Server.Respond("POST", "/api/v1/auth/password", 400, new { title = "Invalid request", status = 400, detail = "the current password is wrong." });

        var result = await _host.RunAsync("passwd --password-stdin", "wrong\nmy-new-password\n");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("the current password is wrong", result.Error);
        Assert.Contains("kept-token", File.ReadAllText(_host.ConfigPath));
    }

    public void Dispose() => _host.Dispose();
}
