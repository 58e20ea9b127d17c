using System.Security.Cryptography;
using System.Text;

namespace Paralus.Domain.Security;

/// <summary>
/// The bearer form of an API key, <c>pk_&lt;organization&gt;_&lt;key id&gt;.&lt;secret&gt;</c>. The secret is random
/// and long, so a plain SHA-256 is enough to store it.
/// </summary>
public sealed record ApiKeyToken(string OrganizationId, string KeyId, string Secret)
{
    public const string Prefix = "pk_";

    public override string ToString() => $"{Prefix}{OrganizationId}_{KeyId}.{Secret}";

    public static bool LooksLikeApiKey(string token) => token.StartsWith(Prefix, StringComparison.Ordinal);

    public static bool TryParse(string token, out ApiKeyToken? key)
    {
        key = null;
        if (!LooksLikeApiKey(token)) return false;
        var dot = token.IndexOf('.');
        if (dot < 0) return false;
        var head = token[Prefix.Length..dot];
        var underscore = head.LastIndexOf('_');
        if (underscore <= 0 || underscore == head.Length - 1 || dot == token.Length - 1) return false;
        key = new ApiKeyToken(head[..underscore], head[(underscore + 1)..], token[(dot + 1)..]);
        return true;
    }

    public static string HashSecret(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public bool Matches(string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashSecret(Secret)), Encoding.ASCII.GetBytes(storedHash));
}
