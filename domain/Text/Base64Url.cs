using System.Text;

namespace Paralus.Domain.Text;

/// <summary>Base64url without padding (RFC 4648 §5), for tokens that travel in URLs.</summary>
public static class Base64Url
{
    public static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Encode(string text) => Encode(Encoding.UTF8.GetBytes(text));

    /// <summary>Null when <paramref name="token"/> is not base64url text.</summary>
    public static string? TryDecodeString(string token) => TryDecode(token, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;

    public static bool TryDecode(string token, out byte[] bytes)
    {
        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
        var buffer = new byte[base64.Length];
        var decoded = Convert.TryFromBase64String(base64, buffer, out var written);
        bytes = decoded ? buffer[..written] : [];
        return decoded;
    }
}
