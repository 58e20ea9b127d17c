using System.Security.Cryptography;
using System.Text;
using OtpNet;
using Paralus.Domain.Security;
using Paralus.Infrastructure.Identity;

namespace Paralus.Functions.Auth;

/// <summary>
/// Time-based one-time codes (RFC 6238: SHA-1, 6 digits, 30 s, one step of drift either way) for local accounts, and
/// single-use recovery codes. A code is accepted once: the step it matched is remembered, and an older or equal step
/// is refused.
/// </summary>
internal sealed class SecondFactor(TotpEnrollments enrollments, TimeProvider time)
{
    private const int RecoveryCodeCount = 10;

    /// <summary>Starts (or restarts, while unconfirmed) an enrollment; the secret in base32 and the otpauth URI for authenticator apps.</summary>
    public async Task<(string Secret, string Uri)?> BeginAsync(string organizationId, string userId, string userName, CancellationToken cancellationToken)
    {
        if (await enrollments.GetAsync(organizationId, userId, cancellationToken) is { Enrollment.Enabled: true }) return null;
        var secret = KeyGeneration.GenerateRandomKey(20);
        await enrollments.SaveAsync(organizationId, userId, new TotpEnrollment(secret, false, 0, []), null, cancellationToken);
        var encoded = Base32Encoding.ToString(secret).TrimEnd('=');
        var label = Uri.EscapeDataString($"Paralus:{userName}");
        return (encoded, $"otpauth://totp/{label}?secret={encoded}&issuer=Paralus&algorithm=SHA1&digits=6&period=30");
    }

    /// <summary>Confirms an enrollment with a current code; the recovery codes, shown once, or null when the code is wrong or nothing is being enrolled.</summary>
    public async Task<IReadOnlyList<string>?> ConfirmAsync(string organizationId, string userId, string code, CancellationToken cancellationToken)
    {
        if (await enrollments.GetAsync(organizationId, userId, cancellationToken) is not var (enrollment, etag) || enrollment.Enabled) return null;
        if (Step(enrollment, code) is not { } step) return null;
        var recoveryCodes = Enumerable.Range(0, RecoveryCodeCount).Select(_ => $"{RandomTokens.Id(5)}-{RandomTokens.Id(5)}").ToArray();
        var enabled = enrollment with { Enabled = true, LastStep = step, RecoveryCodeHashes = recoveryCodes.Select(Hash).ToArray() };
        return await enrollments.SaveAsync(organizationId, userId, enabled, etag, cancellationToken) ? recoveryCodes : null;
    }

    public async Task<bool> IsEnabledAsync(string organizationId, string userId, CancellationToken cancellationToken) =>
        await enrollments.GetAsync(organizationId, userId, cancellationToken) is { Enrollment.Enabled: true };

    /// <summary>A current, unused code, or an unused recovery code (which is then used up).</summary>
    public async Task<bool> VerifyAsync(string organizationId, string userId, string code, CancellationToken cancellationToken)
    {
        if (await enrollments.GetAsync(organizationId, userId, cancellationToken) is not var (enrollment, etag) || !enrollment.Enabled) return false;
        TotpEnrollment used;
        if (Step(enrollment, code) is { } step)
        {
            if (step <= enrollment.LastStep) return false;
            used = enrollment with { LastStep = step };
        }
        else if (enrollment.RecoveryCodeHashes.FirstOrDefault(h => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(h), Encoding.ASCII.GetBytes(Hash(code.Trim())))) is { } match)
        {
            used = enrollment with { RecoveryCodeHashes = enrollment.RecoveryCodeHashes.Where(h => h != match).ToArray() };
        }
        else
        {
            return false;
        }
        return await enrollments.SaveAsync(organizationId, userId, used, etag, cancellationToken);
    }

    /// <summary>Turns the second factor off, with a current code or a recovery code as proof.</summary>
    public async Task<bool> DisableAsync(string organizationId, string userId, string code, CancellationToken cancellationToken)
    {
        if (!await VerifyAsync(organizationId, userId, code, cancellationToken)) return false;
        await enrollments.DeleteAsync(organizationId, userId, cancellationToken);
        return true;
    }

    private long? Step(TotpEnrollment enrollment, string code)
    {
        var digits = code.Trim();
        if (digits.Length != 6 || !digits.All(char.IsAsciiDigit)) return null;
        return new Totp(enrollment.Secret).VerifyTotp(time.GetUtcNow().UtcDateTime, digits, out var step, VerificationWindow.RfcSpecifiedNetworkDelay) ? step : null;
    }

    private static string Hash(string recoveryCode) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(recoveryCode.ToLowerInvariant())));
}
