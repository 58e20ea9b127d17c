using System.Net;
using System.Net.Http.Json;
using OtpNet;
using Paralus.Domain.Contracts;
using Paralus.Functions.Tests.Infrastructure;

namespace Paralus.Functions.Tests.Apis;

/// <summary>A local account with an authenticator app: enrollment, sign-in with one-time codes used once, recovery codes, removal.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class SecondFactorTests(ControlPlaneFixture fixture)
{
    private const string Password = "second-factor-1";

    [Fact]
    public async Task WithAnAuthenticator_SignInNeedsACode_EachCodeWorksOnce()
    {
        var (user, session) = await LocalUserAsync();
        var (totp, secret, confirmedWith, recoveryCodes) = await EnrollAsync(session);

        using var withoutCode = await LoginAsync(user, null);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutCode.StatusCode);
        Assert.Equal("otp_required", await ApiCalls.ProblemErrorAsync(withoutCode));
        // The code that confirmed the enrollment is spent.
        using var replayed = await LoginAsync(user, confirmedWith);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        var next = totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30));
        using var signedIn = await LoginAsync(user, next);
        await signedIn.ReadAsync<LoginResponse>();
        using var again = await LoginAsync(user, next);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);

        Assert.Equal(10, recoveryCodes.Count);
        var stored = await RawTableRows.ReadAsync(fixture.Azurite.ConnectionString, table => table.StartsWith(fixture.Server.TablePrefix, StringComparison.Ordinal));
        Assert.DoesNotContain(stored, row => row.Strings.Any(value => value.Contains(secret, StringComparison.Ordinal) || recoveryCodes.Any(c => value.Contains(c, StringComparison.Ordinal))));
    }

    [Fact]
    public async Task RecoveryCode_SignsInOnce()
    {
        var (user, session) = await LocalUserAsync();
        var (_, _, _, recoveryCodes) = await EnrollAsync(session);

        using var first = await LoginAsync(user, recoveryCodes[3]);
        using var second = await LoginAsync(user, recoveryCodes[3]);

        await first.ReadAsync<LoginResponse>();
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
    }

    [Fact]
    public async Task WrongCodes_AreRefused_AndDisablingNeedsAValidOne()
    {
        var (user, session) = await LocalUserAsync();
        using var client = fixture.Server.Client(session);
        var begun = await (await client.PostAsync("/api/v1/auth/totp", null)).ReadAsync<TotpEnrollmentResponse>();
        Assert.StartsWith("otpauth://totp/Paralus%3A", begun.Uri, StringComparison.Ordinal);
        using var wrong = await client.PostAsJsonAsync("/api/v1/auth/totp/confirm", new TotpCodeRequest("000000"));
        await wrong.ProblemAsync(HttpStatusCode.BadRequest);
        var totp = new Totp(Base32Encoding.ToBytes(begun.Secret));
        (await client.PostAsJsonAsync("/api/v1/auth/totp/confirm", new TotpCodeRequest(totp.ComputeTotp(DateTime.UtcNow)))).EnsureSuccessStatusCode();

        using var twice = await client.PostAsync("/api/v1/auth/totp", null);
        await twice.ProblemAsync(HttpStatusCode.Conflict);
        using var badDisable = await client.PostAsJsonAsync("/api/v1/auth/totp/disable", new TotpCodeRequest("123456"));
        await badDisable.ProblemAsync(HttpStatusCode.BadRequest);
        using var disabled = await client.PostAsJsonAsync("/api/v1/auth/totp/disable", new TotpCodeRequest(totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30))));
        Assert.Equal(HttpStatusCode.NoContent, disabled.StatusCode);
        using var plain = await LoginAsync(user, null);
        await plain.ReadAsync<LoginResponse>();
    }

    private async Task<(string User, string Session)> LocalUserAsync()
    {
        var user = ApiCalls.Unique("mfa") + "@example.com";
        using var admin = fixture.Admin();
        (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(user, Password: Password))).EnsureSuccessStatusCode();
        return (user, await fixture.Server.LoginAsync(user, Password));
    }

    private Task<(Totp Totp, string Secret, string ConfirmedWith, IReadOnlyList<string> RecoveryCodes)> EnrollAsync(string session) =>
        Authenticators.EnrollAsync(fixture.Server, session);

    private async Task<HttpResponseMessage> LoginAsync(string user, string? otp)
    {
        using var client = fixture.Server.Client();
        return await client.PostAsJsonAsync("/api/v1/auth/login", new LoginRequest(user, Password, otp));
    }
}
