using System.Security.Cryptography;
using System.Text;

namespace Paralus.Domain.Clusters;

/// <summary>Registration tokens are stored as their SHA-256 only: a leaked table does not register an agent.</summary>
public static class RegistrationTokens
{
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Constant-time, so a caller learns nothing from how long a comparison took.</summary>
    public static bool Matches(string token, string? storedHash) =>
        storedHash is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token)), Encoding.ASCII.GetBytes(storedHash));
}
