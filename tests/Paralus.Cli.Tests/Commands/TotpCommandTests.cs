using System.Text.Json.Nodes;
using Paralus.Cli.Tests.Infrastructure;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Tests.Commands;

/// <summary>An authenticator app for a local account: enabling it, disabling it, and signing in with its codes.</summary>
public sealed class TotpCommandTests(RecordingApiServerFixture fixture) : IClassFixture<RecordingApiServerFixture>, IDisposable
{
    private readonly CliTestHost _host = new();

    [Fact]
    public async Task Enable_ShowsAQrCode_SendsTheTypedCode_AndPrintsTheRecoveryCodesOnce()
    {
        fixture.Server.Reset();
        _host.SignIn(fixture.Server.Url);
        fixture.Server.Respond("POST", "/api/v1/auth/totp", 200, new TotpEnrollmentResponse("JBSWY3DPEHPK3PXP", "otpauth://totp/Paralus%3Aadmin?secret=JBSWY3DPEHPK3PXP&issuer=Paralus"));
        fixture.Server.Respond("POST", "/api/v1/auth/totp/confirm", 200, new TotpRecoveryCodesResponse(["abcde-fghij", "klmno-pqrst"]));

        var result = await _host.RunAsync("totp enable", "123456\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"code":"123456"}""", fixture.Server.Requests[^1].Body);
        Assert.Contains("█", result.Output);
        Assert.Contains("JBSWY3DPEHPK3PXP", result.Output);
        Assert.Contains("  abcde-fghij", result.Output);
        Assert.Contains("  klmno-pqrst", result.Output);
    }

    [Fact]
    public async Task Login_WithOtp_SendsTheCode_AndAnAccountThatNeedsOne_SaysSo()
    {
        fixture.Server.Reset();
        fixture.Server.Respond("POST", "/api/v1/auth/login", 200, ContractSamples.Login);

        var withCode = await _host.RunAsync(["login", "--server", fixture.Server.Url.AbsoluteUri, "--user", "sally@example.com", "--password-stdin", "--otp", "654321"], "pw\n");

        Assert.Equal(0, withCode.ExitCode);
        Assert.Equal("654321", (string?)JsonNode.Parse(fixture.Server.SingleRequest.Body)!["otp"]);

        fixture.Server.Reset();
        fixture.Server.Respond("POST", "/api/v1/auth/login", 401, new
        {
            title = "Unauthorized", status = 401, error = "otp_required",
            detail = "this account also needs a one-time code: the code from your authenticator app, or a recovery code (paralus login ... --otp CODE).",
        });
        var withoutCode = await _host.RunAsync(["login", "--server", fixture.Server.Url.AbsoluteUri, "--user", "sally@example.com", "--password-stdin"], "pw\n");
        Assert.NotEqual(0, withoutCode.ExitCode);
        Assert.Contains("--otp CODE", withoutCode.Error);
    }

    [Fact]
    public async Task Otp_WithCompanySignIn_IsAUsageError()
    {
        var result = await _host.RunAsync("login --sso corp --otp 123456");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--otp belongs to --password-stdin", result.Error);
    }

    public void Dispose() => _host.Dispose();
}
