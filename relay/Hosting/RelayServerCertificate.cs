using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Paralus.Domain.Security;

namespace Paralus.Relay.Hosting;

/// <summary>
/// The relay's TLS identity: loaded from its folder, or on first start a private CA and a serving certificate for
/// the loopback names and every cluster's TLS server name (<c>*.&lt;suffix&gt;</c>), so kubeconfigs and agents can pin
/// the CA (<c>relay-ca.crt</c>). A certificate from before cluster server names is made anew, CA included.
/// </summary>
public sealed class RelayServerCertificate
{
    private RelayServerCertificate(X509Certificate2 certificate, string caPem)
    {
        Certificate = certificate;
        CaPem = caPem;
    }

    public X509Certificate2 Certificate { get; }

    public string CaPem { get; }

    public static RelayServerCertificate LoadOrCreate(string folder, TimeProvider time, string clusterServerNameSuffix = Domain.Clusters.ClusterServerName.DefaultSuffix)
    {
        var certFile = Path.Combine(folder, "relay.crt");
        var keyFile = Path.Combine(folder, "relay.key");
        var caFile = Path.Combine(folder, "relay-ca.crt");
        var probe = Domain.Clusters.ClusterServerName.For("any-cluster", clusterServerNameSuffix);
        if (!File.Exists(certFile) || !File.Exists(keyFile) || !File.Exists(caFile) || !Covers(certFile, probe))
        {
            Create(certFile, keyFile, caFile, clusterServerNameSuffix, time);
        }

        using var loaded = X509Certificate2.CreateFromPemFile(certFile, keyFile);
        // Re-import so the key is usable by SslStream on every platform.
        var certificate = X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), null);
        return new RelayServerCertificate(certificate, File.ReadAllText(caFile));
    }

    private static bool Covers(string certFile, string serverName)
    {
        using var existing = X509Certificate2.CreateFromPem(File.ReadAllText(certFile));
        return existing.MatchesHostname(serverName);
    }

    private static void Create(string certFile, string keyFile, string caFile, string clusterServerNameSuffix, TimeProvider time)
    {
        var now = time.GetUtcNow();
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Paralus Relay CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=paralus-relay", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddDnsName("*." + clusterServerNameSuffix);
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var leaf = request.Create(ca, now.AddMinutes(-5), now.AddYears(2), RandomNumberGenerator.GetBytes(16));

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(certFile))!);
        if (File.Exists(keyFile)) File.Delete(keyFile); // TryWriteNew never overwrites: a certificate made anew needs its new key
        SecretFile.TryWriteNew(keyFile, System.Text.Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem()));
        File.WriteAllText(certFile, leaf.ExportCertificatePem());
        File.WriteAllText(caFile, ca.ExportCertificatePem());
    }
}
