using System.Security.Cryptography.X509Certificates;

namespace Paralus.Domain.Certificates;

/// <summary>
/// When a certificate was issued. It is not stored separately: every certificate Paralus issues has
/// NotBefore = issue time − <see cref="ClockSkewAllowance"/>, so the issue time is NotBefore + that allowance.
/// A standard field rather than a private extension means any X.509 stack (the relay's TLS layer, openssl, Go)
/// can read it, and no private OID has to be registered. Precision is one second (X.509 has no finer), so
/// "revoked before T" also refuses certificates issued up to a second after T: it errs on the side of refusing.
/// </summary>
public static class CertificateIssueTime
{
    /// <summary>Tolerates clients and relays whose clocks run up to a minute behind the control plane.</summary>
    public static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromMinutes(1);

    public static DateTimeOffset Of(X509Certificate2 certificate) =>
        new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero) + ClockSkewAllowance;
}
