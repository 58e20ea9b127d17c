using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Paralus.Domain.Certificates;

namespace Paralus.Infrastructure.Certificates;

/// <summary>
/// Certificate authorities in Azure Key Vault: key <c>paralus-NAME-ca</c> (EC P-256, sign and verify only, not
/// exportable) and secret <c>paralus-NAME-ca-certificate</c> (the self-signed certificate's PEM, tagged with the key
/// version it belongs to). Signing goes through the vault, so the private key never leaves it.
/// </summary>
/// <remarks>
/// Key Vault cannot create a key or a secret only if it is absent, so instances that create an authority at the same
/// time may each add a key version and a certificate version. Each certificate names its own key version, so every
/// version written is a consistent pair; after writing, an instance waits <see cref="SettleTime"/> and adopts the
/// latest version, which is the one every racer (and every later start) reads.
/// </remarks>
public sealed partial class KeyVaultCertificateAuthorityStore : ICertificateAuthorityStore, IDisposable
{
    /// <summary>Longer than it takes a racer that also found no certificate to write its own.</summary>
    internal static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(2);

    internal const string KeyVersionTag = "paralus-key-version";
    private const string PemContentType = "application/x-pem-file";

    private readonly KeyVaultClient _vault;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _settleTime;

    public KeyVaultCertificateAuthorityStore(IOptions<CertificateAuthorityOptions> options, TimeProvider time, ILogger<KeyVaultCertificateAuthorityStore> logger)
        : this(new KeyVaultClient(KeyVaultEndpoint.TryParse(options.Value.KeyVaultUri) ?? throw new InvalidOperationException(KeyVaultEndpoint.Requirement), Credential(options.Value)),
            time, logger, SettleTime)
    {
    }

    internal KeyVaultCertificateAuthorityStore(KeyVaultClient vault, TimeProvider time, ILogger logger, TimeSpan settleTime)
    {
        _vault = vault;
        _time = time;
        _logger = logger;
        _settleTime = settleTime;
    }

    public static string KeyName(string name) => $"paralus-{name}-ca";

    public static string CertificateSecretName(string name) => $"paralus-{name}-ca-certificate";

    public async Task<CertificateAuthority> LoadOrCreateAsync(string name, string commonName, CancellationToken cancellationToken)
    {
        var keyName = KeyName(name);
        var secretName = CertificateSecretName(name);
        var secret = await _vault.GetSecretAsync(secretName, cancellationToken) ?? await CreateAsync(keyName, secretName, commonName, cancellationToken);

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(secret.Value);
        }
        catch (CryptographicException)
        {
            throw new InvalidOperationException($"Secret '{secretName}' in Key Vault {_vault.Endpoint} does not hold a PEM certificate.");
        }

        // A secret written by hand may lack the tag: then the key's latest version is meant.
        var keyVersion = secret.Tags.GetValueOrDefault(KeyVersionTag);
        var key = await _vault.GetKeyAsync(keyName, keyVersion, cancellationToken)
            ?? throw new InvalidOperationException($"Secret '{secretName}' in Key Vault {_vault.Endpoint} holds a certificate, but its key '{keyName}' (version {keyVersion ?? "latest"}) does not exist; restore the key or delete the secret to create a new authority.");
        try
        {
            var authority = new CertificateAuthority(certificate, new KeyVaultSignatureGenerator(_vault, key), _time);
            LogLoaded(_logger, name, _vault.Endpoint, keyName, key.Version, certificate.Thumbprint);
            return authority;
        }
        catch (ArgumentException)
        {
            throw new InvalidOperationException($"The certificate in secret '{secretName}' of Key Vault {_vault.Endpoint} does not belong to key '{keyName}' (version {key.Version}).");
        }
    }

    public void Dispose() => _vault.Dispose();

    private async Task<KeyVaultSecret> CreateAsync(string keyName, string secretName, string commonName, CancellationToken cancellationToken)
    {
        var key = await _vault.GetKeyAsync(keyName, null, cancellationToken);
        if (key is null)
        {
            key = await _vault.CreateEcKeyAsync(keyName, cancellationToken);
            LogKeyCreated(_logger, _vault.Endpoint, keyName, key.Version);
        }

        var certificate = CertificateAuthority.CreateSelfSigned(commonName, new KeyVaultSignatureGenerator(_vault, key), _time.GetUtcNow());
        var tags = new Dictionary<string, string> { [KeyVersionTag] = key.Version };
        await _vault.SetSecretAsync(secretName, certificate.ExportCertificatePem(), PemContentType, tags, cancellationToken);
        LogCertificateCreated(_logger, _vault.Endpoint, secretName, certificate.Thumbprint);

        await Task.Delay(_settleTime, _time, cancellationToken);
        return await _vault.GetSecretAsync(secretName, cancellationToken)
            ?? throw new InvalidOperationException($"Secret '{secretName}' in Key Vault {_vault.Endpoint} was written but cannot be read back.");
    }

    /// <summary>A user-assigned managed identity when named; otherwise the default chain (managed identity in Azure, a developer's sign-in locally).</summary>
    private static TokenCredential Credential(CertificateAuthorityOptions options) =>
        string.IsNullOrWhiteSpace(options.ManagedIdentityClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId));

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Created key {KeyName} (version {KeyVersion}) in Key Vault {Vault}")]
    private static partial void LogKeyCreated(ILogger logger, KeyVaultEndpoint vault, string keyName, string keyVersion);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Stored a new self-signed authority certificate {Thumbprint} as secret {SecretName} in Key Vault {Vault}")]
    private static partial void LogCertificateCreated(ILogger logger, KeyVaultEndpoint vault, string secretName, string thumbprint);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Loaded the {Authority} authority {Thumbprint} from Key Vault {Vault}: key {KeyName} version {KeyVersion}")]
    private static partial void LogLoaded(ILogger logger, string authority, KeyVaultEndpoint vault, string keyName, string keyVersion, string thumbprint);
}
