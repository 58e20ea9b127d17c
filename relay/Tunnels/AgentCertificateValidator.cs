using System.Security.Cryptography.X509Certificates;

namespace Paralus.Relay.Tunnels;

/// <summary>
/// Agents authenticate with a client certificate signed by the Paralus agent CA whose common name is their
/// cluster id (issued at registration). Only that CA is trusted here, not the machine's roots.
/// </summary>
internal sealed class AgentCertificateValidator(X509Certificate2 agentCa, TimeProvider time)
{
    public bool IsValid(X509Certificate2 certificate, out string? clusterId)
    {
        clusterId = null;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(agentCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = time.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2")); // clientAuth
        if (!chain.Build(certificate)) return false;
        clusterId = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        return !string.IsNullOrEmpty(clusterId);
    }
}
