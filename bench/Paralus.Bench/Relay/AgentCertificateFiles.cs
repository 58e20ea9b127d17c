using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Paralus.Bench.Relay;

/// <summary>An agent CA and one agent certificate (CN = cluster id) as PEM files, standing in for registration.</summary>
internal sealed record AgentCertificateFiles(string CaFile, string CertificateFile, string KeyFile)
{
    public static AgentCertificateFiles Create(string folder, string clusterId)
    {
        Directory.CreateDirectory(folder);
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Paralus Bench Agent CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var agentKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var agentRequest = new CertificateRequest($"CN={clusterId}", agentKey, HashAlgorithmName.SHA256);
        agentRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var agent = agentRequest.Create(ca, now.AddMinutes(-1), now.AddDays(1), RandomNumberGenerator.GetBytes(16));

        var files = new AgentCertificateFiles(Path.Combine(folder, "agent-ca.crt"), Path.Combine(folder, "agent.crt"), Path.Combine(folder, "agent.key"));
        File.WriteAllText(files.CaFile, ca.ExportCertificatePem());
        File.WriteAllText(files.CertificateFile, agent.ExportCertificatePem());
        File.WriteAllText(files.KeyFile, agentKey.ExportPkcs8PrivateKeyPem());
        return files;
    }
}
