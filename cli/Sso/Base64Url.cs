using System.Security.Cryptography;

namespace Paralus.Cli.Sso;

/// <summary>Base64url without padding (RFC 4648 §5), the alphabet of PKCE verifiers, challenges and OAuth state.</summary>
internal static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Unguessable text from <paramref name="byteCount"/> random bytes.</summary>
    public static string Random(int byteCount) => Encode(RandomNumberGenerator.GetBytes(byteCount));
}
