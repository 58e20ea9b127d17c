using System.Security.Cryptography.X509Certificates;

namespace Paralus.Domain.Certificates;

/// <summary>
/// A freshly issued user certificate with its private key, which exists only here and in the kubeconfig it goes into.
/// A class, not a record, so that no generated <c>ToString</c> ever prints the key into a log.
/// </summary>
public sealed class IssuedClientCertificate(X509Certificate2 certificate, string certificatePem, string privateKeyPem)
{
    public X509Certificate2 Certificate { get; } = certificate;

    public string CertificatePem { get; } = certificatePem;

    public string PrivateKeyPem { get; } = privateKeyPem;

    public DateTimeOffset IssuedAt => CertificateIssueTime.Of(Certificate);

    public DateTimeOffset NotAfter => new(Certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);

    public string SerialNumber => Certificate.SerialNumber;
}
