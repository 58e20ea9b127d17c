using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Paralus.Infrastructure.Certificates;

/// <summary>
/// Signs certificates with a Key Vault key version: hashes with SHA-256 here, has the vault sign the digest (ES256),
/// and turns the vault's r||s into the DER form X.509 carries. The private key stays in the vault.
/// </summary>
internal sealed class KeyVaultSignatureGenerator : X509SignatureGenerator
{
    private const int CoordinateSize = 32;

    private readonly KeyVaultClient _vault;
    private readonly KeyVaultKey _key;
    private readonly ECDsa _publicKey;

    // A generator over the public half alone supplies the SubjectPublicKeyInfo and the ecdsa-with-SHA256 identifier.
    private readonly X509SignatureGenerator _publicShape;

    public KeyVaultSignatureGenerator(KeyVaultClient vault, KeyVaultKey key)
    {
        _vault = vault;
        _key = key;
        _publicKey = ECDsa.Create(key.PublicKey);
        _publicShape = CreateForECDsa(_publicKey);
    }

    public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm) =>
        _publicShape.GetSignatureAlgorithmIdentifier(RequireSha256(hashAlgorithm));

    public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm)
    {
        RequireSha256(hashAlgorithm);
        var digest = SHA256.HashData(data);
        var signature = _vault.Sign(_key.Name, _key.Version, "ES256", digest);
        // A signature that does not verify would make certificates nobody accepts; better to fail here, saying why.
        if (signature.Length != 2 * CoordinateSize || !_publicKey.VerifyHash(digest, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            throw new CryptographicException($"Key Vault {_vault.Endpoint} returned a signature that does not verify with key '{_key.Name}' (version {_key.Version}).");
        }

        return ToDer(signature);
    }

    protected override PublicKey BuildPublicKey() => _publicShape.PublicKey;

    /// <summary>IEEE P1363 (r||s, fixed width) to the DER SEQUENCE { INTEGER r, INTEGER s } of RFC 3279.</summary>
    internal static byte[] ToDer(ReadOnlySpan<byte> signature)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(Minimal(signature[..CoordinateSize]));
            writer.WriteIntegerUnsigned(Minimal(signature[CoordinateSize..]));
        }

        return writer.Encode();
    }

    /// <summary>DER integers have no leading zero bytes (the writer adds one back where the top bit is set).</summary>
    private static ReadOnlySpan<byte> Minimal(ReadOnlySpan<byte> value)
    {
        var trimmed = value.TrimStart((byte)0);
        return trimmed.IsEmpty ? value[^1..] : trimmed;
    }

    private static HashAlgorithmName RequireSha256(HashAlgorithmName hashAlgorithm) =>
        hashAlgorithm == HashAlgorithmName.SHA256
            ? hashAlgorithm
            : throw new ArgumentOutOfRangeException(nameof(hashAlgorithm), hashAlgorithm, "Key Vault P-256 keys sign SHA-256 digests (ES256) only.");
}
