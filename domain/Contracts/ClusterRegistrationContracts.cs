namespace Paralus.Domain.Contracts;

/// <summary>A fresh single-use registration token and the manifest that installs an agent with it.</summary>
public sealed record ClusterBootstrapResponse(string Token, DateTimeOffset ExpiresAt, string Manifest);

/// <param name="Fingerprint">UID of the cluster's <c>kube-system</c> namespace.</param>
public sealed record RegisterClusterRequest(string Token, string Csr, string Fingerprint, string? AgentVersion = null, string? KubernetesVersion = null);

public sealed record RegisterClusterResponse(string ClusterId, string CertificatePem, string RelayCaPem, IReadOnlyList<string> Relays);

/// <param name="Certificate">The agent's current certificate (PEM); the CSR must carry the same public key.</param>
public sealed record RenewAgentCertificateRequest(string Certificate, string Csr);

public sealed record RenewAgentCertificateResponse(string ClusterId, string CertificatePem);
