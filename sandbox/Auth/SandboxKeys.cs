using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Paralus.Sandbox.Auth;

/// <summary>
/// The sandbox's secrets: its CA, the serving certificate it signs, the key that signs
/// service-account tokens and the admin bearer token. Kept in the state file so that a
/// kubeconfig and issued tokens survive a restart.
/// </summary>
internal sealed class SandboxKeys : IDisposable
{
    private SandboxKeys(X509Certificate2 ca, ECDsa caKey, ECDsa signingKey, string adminToken, DateTimeOffset now)
    {
        CaCertificate = ca;
        CaKey = caKey;
        SigningKey = signingKey;
        AdminToken = adminToken;
        SigningKeyId = Convert.ToHexStringLower(SHA256.HashData(signingKey.ExportSubjectPublicKeyInfo()))[..16];
        ServerCertificate = CreateServerCertificate(ca, caKey, now);
    }

    public X509Certificate2 CaCertificate { get; }

    public ECDsa CaKey { get; }

    public X509Certificate2 ServerCertificate { get; }

    public ECDsa SigningKey { get; }

    public string SigningKeyId { get; }

    public string AdminToken { get; }

    public static SandboxKeys Create(string name, TimeProvider time)
    {
        var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}-ca, O=paralus-sandbox", caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = time.GetUtcNow();
        var ca = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return new SandboxKeys(ca, caKey, ECDsa.Create(ECCurve.NamedCurves.nistP256), token, now);
    }

    public static SandboxKeys Restore(string caPem, string caKeyPem, string signingKeyPem, string adminToken, TimeProvider time)
    {
        var caKey = ECDsa.Create();
        caKey.ImportFromPem(caKeyPem);
        var signingKey = ECDsa.Create();
        signingKey.ImportFromPem(signingKeyPem);
        return new SandboxKeys(X509Certificate2.CreateFromPem(caPem), caKey, signingKey, adminToken, time.GetUtcNow());
    }

    public string CaPem => CaCertificate.ExportCertificatePem();

    public string CaKeyPem => CaKey.ExportPkcs8PrivateKeyPem();

    public string SigningKeyPem => SigningKey.ExportPkcs8PrivateKeyPem();

    public void Dispose()
    {
        CaCertificate.Dispose();
        ServerCertificate.Dispose();
        CaKey.Dispose();
        SigningKey.Dispose();
    }

    private static X509Certificate2 CreateServerCertificate(X509Certificate2 ca, ECDsa caKey, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=paralus-sandbox", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddIpAddress(System.Net.IPAddress.IPv6Loopback);
        names.AddDnsName("localhost");
        names.AddDnsName("kubernetes.default.svc");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var signed = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now.AddMinutes(-5), now.AddYears(1), serial);
        using var withKey = signed.CopyWithPrivateKey(key);
        // A PKCS#12 round trip gives SslStream a key it can use on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
