using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Paralus.Domain.Certificates;
using Paralus.Testing;

namespace Paralus.Domain.Tests.Certificates;

public sealed class CertificateAuthorityTests
{
    [Fact]
    public void CreateSelfSigned_IsATenYearP256AuthorityThatSignsCertificatesOnly()
    {
        var clock = TestAuthorities.Clock();
        var ca = TestAuthorities.Create(clock).Certificate;

        Assert.Equal("CN=Paralus User CA", ca.Subject);
        Assert.Equal(ca.Subject, ca.Issuer);
        var constraints = ca.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(constraints.CertificateAuthority && constraints.Critical);
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, ca.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        Assert.NotNull(ca.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifier);
        Assert.Equal("1.2.840.10045.2.1", ca.PublicKey.Oid.Value);
        Assert.InRange(ca.NotAfter.ToUniversalTime() - clock.GetUtcNow().UtcDateTime, TimeSpan.FromDays(3652), TimeSpan.FromDays(3654));
    }

    [Fact]
    public void IssueClientCertificate_ChainsToTheAuthority_WithUserSubjectClientAuthAndRandomSerial()
    {
        var clock = TestAuthorities.Clock();
        var authority = TestAuthorities.Create(clock);

        var issued = authority.IssueClientCertificate("user-virat", "virat.kohli@paralus.local", "org-1", TimeSpan.FromHours(8));
        var other = authority.IssueClientCertificate("user-virat", "virat.kohli@paralus.local", "org-1", TimeSpan.FromHours(8));

        var certificate = issued.Certificate;
        Assert.Equal("virat.kohli@paralus.local", certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        Assert.Equal(new UserCertificateIdentity("virat.kohli@paralus.local", "org-1", "user-virat"), UserCertificateIdentity.From(certificate));
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value);
        Assert.Equal(["1.3.6.1.5.5.7.3.2"], usages);
        Assert.False(certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Equal(16, certificate.GetSerialNumber().Length);
        Assert.NotEqual(certificate.SerialNumber, other.Certificate.SerialNumber);

        var now = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(now.AddMinutes(-1).UtcDateTime, certificate.NotBefore.ToUniversalTime());
        Assert.Equal(now.AddHours(8).UtcDateTime, certificate.NotAfter.ToUniversalTime());
        Assert.Equal(now, issued.IssuedAt);
        Assert.True(Chains(certificate, authority.Certificate));

        using var key = ECDsa.Create();
        key.ImportFromPem(issued.PrivateKeyPem);
        Assert.True(certificate.GetECDsaPublicKey()!.VerifyData("x"u8, key.SignData("x"u8, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256));
        Assert.DoesNotContain("PRIVATE", issued.ToString());
    }

    [Fact]
    public void IssuedCertificate_DoesNotChainToAnotherAuthority()
    {
        var clock = TestAuthorities.Clock();
        var issued = TestAuthorities.Create(clock).IssueClientCertificate("u1", "sally", "org-1", TimeSpan.FromHours(1));
        Assert.False(Chains(issued.Certificate, TestAuthorities.Create(clock).Certificate));
    }

    [Fact]
    public void TrySignRequest_SignsAValidCsr_AsTheCluster_ForServerAndClientAuth()
    {
        var authority = TestAuthorities.Create(TestAuthorities.Clock(), "Paralus Agent CA");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.True(authority.TrySignRequest(Csr(key, "CN=whatever-the-agent-asked"), "cluster-123", TimeSpan.FromDays(365), out var certificate, out var error), error);
        Assert.Equal("CN=cluster-123", certificate.Subject);
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value).ToHashSet();
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], usages.Order());
        Assert.True(certificate.GetECDsaPublicKey()!.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()));
        Assert.True(Chains(certificate, authority.Certificate));
    }

    [Fact]
    public void TrySignRequest_AcceptsRsa2048()
    {
        var authority = TestAuthorities.Create(TestAuthorities.Clock());
        using var key = RSA.Create(2048);
        var pem = new CertificateRequest("CN=agent", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequestPem();
        Assert.True(authority.TrySignRequest(pem, "cluster-1", TimeSpan.FromDays(1), out _, out var error), error);
    }

    [Fact]
    public void TrySignRequest_RefusesATamperedCsr()
    {
        var authority = TestAuthorities.Create(TestAuthorities.Clock());
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var der = CertificateRequest.LoadSigningRequestPem(Csr(key, "CN=agent-one"), HashAlgorithmName.SHA256).CreateSigningRequest(X509SignatureGenerator.CreateForECDsa(key));
        // Same length, other name: still a well-formed request, but no longer the one the key signed.
        var at = der.AsSpan().IndexOf("agent-one"u8);
        Encoding.ASCII.GetBytes("agent-two").CopyTo(der, at);
        var tampered = PemEncoding.WriteString("CERTIFICATE REQUEST", der);

        Assert.False(authority.TrySignRequest(tampered, "cluster-1", TimeSpan.FromDays(1), out var certificate, out var error));
        Assert.Null(certificate);
        Assert.Contains("signature does not verify", error);
    }

    [Fact]
    public void TrySignRequest_RefusesWeakOrOtherKeys()
    {
        var authority = TestAuthorities.Create(TestAuthorities.Clock());
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var rsa1024 = RSA.Create(1024);

        Assert.False(authority.TrySignRequest(Csr(p384, "CN=agent"), "cluster-1", TimeSpan.FromDays(1), out _, out var curveError));
        Assert.Contains("only P-256 is accepted", curveError);
        var weak = new CertificateRequest("CN=agent", rsa1024, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequestPem();
        Assert.False(authority.TrySignRequest(weak, "cluster-1", TimeSpan.FromDays(1), out _, out var rsaError));
        Assert.Contains("1024 bits; at least 2048", rsaError);
        Assert.False(authority.TrySignRequest("not a csr", "cluster-1", TimeSpan.FromDays(1), out _, out var garbageError));
        Assert.Contains("not a PEM-encoded PKCS#10", garbageError);
    }

    private static string Csr(ECDsa key, string subject) => new CertificateRequest(subject, key, HashAlgorithmName.SHA256).CreateSigningRequestPem();

    private static bool Chains(X509Certificate2 certificate, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = TestAuthorities.Now.UtcDateTime;
        return chain.Build(certificate);
    }
}
