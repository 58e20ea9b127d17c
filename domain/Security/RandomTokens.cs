using System.Security.Cryptography;
using Paralus.Domain.Text;

namespace Paralus.Domain.Security;

/// <summary>Unguessable identifiers and secrets.</summary>
public static class RandomTokens
{
    private const string Alphabet = "abcdefghijkmnopqrstuvwxyz23456789";

    /// <summary>A short id such as <c>k3mx9q2a</c>: lower-case, unambiguous characters, safe in URLs and table keys.</summary>
    public static string Id(int length = 12) => RandomNumberGenerator.GetString(Alphabet, length);

    /// <summary>A 256-bit secret, base64url.</summary>
    public static string Secret() => Base64Url.Encode(RandomNumberGenerator.GetBytes(32));

    /// <summary>A password for generated accounts: 24 characters from a readable alphabet.</summary>
    public static string Password() => RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", 24);
}
