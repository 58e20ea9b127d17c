using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Paralus.Domain.Certificates;

namespace Paralus.Relay.Tests;

/// <summary>
/// Agent certificates as registration produces them: a CSR signed by the control plane's agent CA (CN = cluster id),
/// and, for the tests that must be refused, one from a stranger's CA.
/// </summary>
public sealed class AgentCertificates(string folder, CertificateAuthority agentAuthority)
{
    /// <summary>Writes an agent certificate and key; returns their paths.</summary>
    public (string Certificate, string Key) IssueAgent(string clusterId, bool fromAnotherCa = false)
    {
        Directory.CreateDirectory(folder);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={clusterId}", key, HashAlgorithmName.SHA256);
        X509Certificate2 certificate;
        if (fromAnotherCa)
        {
            using var strangerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var caRequest = new CertificateRequest("CN=Paralus Agent CA", strangerKey, HashAlgorithmName.SHA256);
            caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            using var stranger = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
            certificate = request.Create(stranger, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(16));
        }
        else
        {
            Assert.True(agentAuthority.TrySignRequest(request.CreateSigningRequestPem(), clusterId, TimeSpan.FromDays(1), out var signed, out var error), error);
            certificate = signed!;
        }

        var name = fromAnotherCa ? $"{clusterId}-stranger" : clusterId;
        var certFile = Path.Combine(folder, $"{name}.crt");
        var keyFile = Path.Combine(folder, $"{name}.key");
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        certificate.Dispose();
        return (certFile, keyFile);
    }
}
