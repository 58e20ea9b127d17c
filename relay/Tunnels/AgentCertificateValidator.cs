using System.Security.Cryptography.X509Certificates;
using Paralus.Domain.Certificates;

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
        if (!PrivateTrust.ChainsTo(certificate, [agentCa], time.GetUtcNow(), forClientAuthentication: true)) return false;
        clusterId = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        return !string.IsNullOrEmpty(clusterId);
    }
}
