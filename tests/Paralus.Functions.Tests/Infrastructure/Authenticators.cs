using System.Net.Http.Json;
using OtpNet;
using Paralus.Domain.Contracts;

namespace Paralus.Functions.Tests.Infrastructure;

/// <summary>Adds an authenticator app to the account of <c>session</c>, as <c>paralus totp enable</c> does.</summary>
internal static class Authenticators
{
    public static async Task<(Totp Totp, string Secret, string ConfirmedWith, IReadOnlyList<string> RecoveryCodes)> EnrollAsync(ControlPlaneServer server, string session)
    {
        using var client = server.Client(session);
        var begun = await (await client.PostAsync("/api/v1/auth/totp", null)).ReadAsync<TotpEnrollmentResponse>();
        var totp = new Totp(Base32Encoding.ToBytes(begun.Secret));
        var code = totp.ComputeTotp(DateTime.UtcNow);
        var confirmed = await (await client.PostAsJsonAsync("/api/v1/auth/totp/confirm", new TotpCodeRequest(code))).ReadAsync<TotpRecoveryCodesResponse>();
        return (totp, begun.Secret, code, confirmed.RecoveryCodes);
    }
}
