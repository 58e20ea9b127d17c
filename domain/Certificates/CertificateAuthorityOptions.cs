namespace Paralus.Domain.Certificates;

/// <summary>Where the certificate authorities are kept (section <c>Paralus:Certificates</c>).</summary>
public sealed class CertificateAuthorityOptions
{
    public const string SectionName = "Paralus:Certificates";

    /// <summary>Folder of the file store: <c>NAME-ca.crt</c> and <c>NAME-ca.key</c> (mode 0600) per authority.</summary>
    public string Folder { get; set; } = ".paralus/ca";

    /// <summary>
    /// A Key Vault, like <c>https://NAME.vault.azure.net/</c>: when set, the authorities' keys and certificates live
    /// there (<c>KeyVaultCertificateAuthorityStore</c> (Paralus.Infrastructure)) instead of in <see cref="Folder"/>.
    /// </summary>
    public string? KeyVaultUri { get; set; }

    /// <summary>Key Vault: a user-assigned managed identity's client id; empty for <c>DefaultAzureCredential</c>.</summary>
    public string? ManagedIdentityClientId { get; set; }
}
