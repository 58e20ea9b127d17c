using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Paralus.Relay.Tests;

/// <summary>
/// An agent CA and an agent certificate (CN = cluster id) in PEM files, as registration will produce them, plus
/// certificates a relay must refuse (another CA).
/// </summary>
public sealed class AgentCertificates
{
    private AgentCertificates(string folder) => Folder = folder;

    public string Folder { get; }

    public string CaFile => Path.Combine(Folder, "agent-ca.crt");

    public static AgentCertificates Create(string folder)
    {
        Directory.CreateDirectory(folder);
        var (ca, _) = CreateCa("Paralus Agent CA");
        File.WriteAllText(Path.Combine(folder, "agent-ca.crt"), ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "agent-ca.key"), ca.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return new AgentCertificates(folder);
    }

    /// <summary>Writes an agent certificate for <paramref name="clusterId"/>, signed by this CA or by a stranger's; returns (cert, key) paths.</summary>
    public (string Certificate, string Key) IssueAgent(string clusterId, bool fromAnotherCa = false)
    {
        using var ca = fromAnotherCa
            ? CreateCa("Someone Else's CA").Certificate
            : X509Certificate2.CreateFromPemFile(CaFile, Path.Combine(Folder, "agent-ca.key"));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={clusterId}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.Create(ca, now.AddMinutes(-1), now.AddDays(1), RandomNumberGenerator.GetBytes(16));
        var name = fromAnotherCa ? $"{clusterId}-stranger" : clusterId;
        var certFile = Path.Combine(Folder, $"{name}.crt");
        var keyFile = Path.Combine(Folder, $"{name}.key");
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return (certFile, keyFile);
    }

    private static (X509Certificate2 Certificate, ECDsa Key) CreateCa(string name)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var now = DateTimeOffset.UtcNow;
        return (request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1)), key);
    }
}
