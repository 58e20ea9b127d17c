using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using Paralus.Domain.Certificates;

namespace Paralus.Testing;

/// <summary>In-memory authorities on a fake clock, for tests that do not care where the key lives.</summary>
public static class TestAuthorities
{
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, 250, TimeSpan.Zero);

    public static CertificateAuthority Create(TimeProvider time, string commonName = "Paralus User CA")
    {
        var signer = X509SignatureGenerator.CreateForECDsa(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        return new CertificateAuthority(CertificateAuthority.CreateSelfSigned(commonName, signer, time.GetUtcNow()), signer, time);
    }

    public static FakeTimeProvider Clock() => new(Now);
}
