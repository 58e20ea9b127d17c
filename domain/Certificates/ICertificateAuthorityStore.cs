namespace Paralus.Domain.Certificates;

/// <summary>
/// Where a certificate authority's certificate and signing key live. Loading creates the authority on first use.
/// In Paralus.Infrastructure, <c>FileCertificateAuthorityStore</c> keeps PEM files on disk and <c>KeyVaultCertificateAuthorityStore</c>
/// keeps a non-exportable P-256 key in Azure Key Vault and hands <see cref="CertificateAuthority"/> an
/// <see cref="System.Security.Cryptography.X509Certificates.X509SignatureGenerator"/> whose <c>SignData</c> calls the
/// vault's sign operation, so the private key never leaves the vault.
/// </summary>
public interface ICertificateAuthorityStore
{
    /// <param name="name">Identifies the authority in the store, like "user" or "agent".</param>
    /// <param name="commonName">The subject of the self-signed certificate when the authority has to be created.</param>
    Task<CertificateAuthority> LoadOrCreateAsync(string name, string commonName, CancellationToken cancellationToken);
}
