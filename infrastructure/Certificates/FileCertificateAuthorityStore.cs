using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Options;
using Paralus.Domain.Certificates;
using Paralus.Domain.Security;

namespace Paralus.Infrastructure.Certificates;

/// <summary>
/// Certificate authorities as PEM files in one folder: <c>NAME-ca.key</c> (PKCS#8, mode 0600, created atomically so
/// no other mode is ever visible) and <c>NAME-ca.crt</c>. Two processes starting together end up with the same
/// authority: whoever writes a file first wins and the other reads it.
/// </summary>
public sealed class FileCertificateAuthorityStore(IOptions<CertificateAuthorityOptions> options, TimeProvider time) : ICertificateAuthorityStore
{
    public string KeyPath(string name) => Path.Combine(options.Value.Folder, $"{name}-ca.key");

    public string CertificatePath(string name) => Path.Combine(options.Value.Folder, $"{name}-ca.crt");

    public Task<CertificateAuthority> LoadOrCreateAsync(string name, string commonName, CancellationToken cancellationToken)
    {
        var keyPath = KeyPath(name);
        var certificatePath = CertificatePath(name);
        if (File.Exists(certificatePath) && !File.Exists(keyPath))
        {
            throw new InvalidOperationException($"{certificatePath} exists but its key {keyPath} does not; restore the key or remove both to create a new authority.");
        }

        // Only ever a freshly generated key is written, so the file never holds anything but this authority's key.
        var keyPem = Encoding.UTF8.GetString(SecretFile.ReadOrCreate(keyPath, () =>
        {
            using var generated = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return Encoding.UTF8.GetBytes(generated.ExportPkcs8PrivateKeyPem());
        }));
        var key = ECDsa.Create();
        key.ImportFromPem(keyPem);
        var signer = X509SignatureGenerator.CreateForECDsa(key);

        var certificate = File.Exists(certificatePath)
            ? X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath))
            : WriteNewCertificate(certificatePath, CertificateAuthority.CreateSelfSigned(commonName, signer, time.GetUtcNow()));
        try
        {
            return Task.FromResult(new CertificateAuthority(certificate, signer, time));
        }
        catch (ArgumentException)
        {
            throw new InvalidOperationException($"{certificatePath} does not belong to the key {keyPath}.");
        }
    }

    /// <summary>Written under a temporary name and moved into place without overwriting: readers never see half a file.</summary>
    private static X509Certificate2 WriteNewCertificate(string path, X509Certificate2 certificate)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, certificate.ExportCertificatePem());
        try
        {
            File.Move(temporary, path, overwrite: false);
            return certificate;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return X509Certificate2.CreateFromPem(File.ReadAllText(path));
        }
    }
}
