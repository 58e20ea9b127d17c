using Paralus.Cli.Tests.Infrastructure;

namespace Paralus.Cli.Tests.Commands;

/// <summary>What the CLI says when the server ends or refuses credentials: a password change, a sign-in lock.</summary>
public sealed class CredentialCommandTests(RecordingApiServerFixture fixture) : IClassFixture<RecordingApiServerFixture>, IDisposable
{
    private readonly CliTestHost _host = new();

    [Fact]
    public async Task UpdateUser_YourOwnPassword_SaysYourSessionsEnded_AndToLogInAgain()
    {
        var result = await ChangePasswordAsync("admin@paralus.local");

        Assert.Contains("Your sessions and kubeconfig certificates were revoked", result.Error);
        Assert.Contains("run 'paralus login'", result.Error);
    }

    [Fact]
    public async Task UpdateUser_AnotherUsersPassword_SaysTheirSessionsEnded_ButNotTheirApiKeys()
    {
        var result = await ChangePasswordAsync("virat.kohli@paralus.local");

        Assert.Contains("The sessions and kubeconfig certificates of virat.kohli@paralus.local were revoked", result.Error);
        Assert.Contains("--include-api-keys", result.Error);
    }

    [Fact]
    public async Task Login_WhenLocked_ShowsTheServersWait()
    {
        fixture.Server.Reset();
        fixture.Server.RespondRaw("POST", "/api/v1/auth/login", new CannedResponse(429,
            """{"title":"Too many requests","status":429,"detail":"too many failed sign-ins; try again in 30 s."}""", "application/problem+json"));

        var result = await _host.RunAsync(["login", "--server", fixture.Server.Url.AbsoluteUri, "--user", "admin@paralus.local", "--password-stdin"], "guess\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("too many failed sign-ins; try again in 30 s.", result.Error);
    }

    public void Dispose() => _host.Dispose();

    private async Task<CliResult> ChangePasswordAsync(string user)
    {
        fixture.Server.Reset();
        fixture.Server.Respond("PATCH", $"/api/v1/users/{user}", 200, ContractSamples.User);
        _host.SignIn(fixture.Server.Url, user: "admin@paralus.local");
        var result = await _host.RunAsync($"update user {user} --password-stdin", "a-new-password\n");
        Assert.True(result.ExitCode == 0, result.Error);
        return result;
    }
}
