using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Paralus.Domain.Security;
using Paralus.Domain.Text;

namespace Paralus.Infrastructure.Identity;

/// <summary>
/// Encrypts the secrets Paralus must be able to read back (identity providers' client secrets and refresh tokens) with
/// AES-256-GCM. Each value is bound to a context (what it is and whose), so a stored value copied into another row, or
/// altered, does not decrypt.
/// </summary>
public sealed class SecretProtector
{
    private const string Version = "v1.";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    public SecretProtector(IOptions<SecretProtectionOptions> options)
    {
        var settings = options.Value;
        _key = string.IsNullOrWhiteSpace(settings.Key)
            ? SecretFile.ReadOrCreate(settings.KeyFile, () => RandomNumberGenerator.GetBytes(32))
            : Convert.FromBase64String(settings.Key);
        if (_key.Length != 32) throw new InvalidOperationException("Paralus:Secrets:Key (or its key file) must hold exactly 32 bytes.");
    }

    public string Protect(string secret, string context)
    {
        var plaintext = Encoding.UTF8.GetBytes(secret);
        var sealedValue = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = sealedValue.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, sealedValue.AsSpan(NonceSize, plaintext.Length), sealedValue.AsSpan(NonceSize + plaintext.Length), Encoding.UTF8.GetBytes(context));
        return Version + Base64Url.Encode(sealedValue);
    }

    /// <summary>Null when the value was altered, made under another key, or belongs to another context.</summary>
    public string? Unprotect(string protectedValue, string context)
    {
        if (!protectedValue.StartsWith(Version, StringComparison.Ordinal) || !Base64Url.TryDecode(protectedValue[Version.Length..], out var sealedValue)
            || sealedValue.Length < NonceSize + TagSize)
        {
            return null;
        }
        var length = sealedValue.Length - NonceSize - TagSize;
        var plaintext = new byte[length];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(sealedValue.AsSpan(0, NonceSize), sealedValue.AsSpan(NonceSize, length), sealedValue.AsSpan(NonceSize + length), plaintext, Encoding.UTF8.GetBytes(context));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        return Encoding.UTF8.GetString(plaintext);
    }
}
