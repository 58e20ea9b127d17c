using System.Security.Cryptography;
using System.Text;

namespace Paralus.Domain.Security;

/// <summary>PBKDF2-SHA256 password hashes in the self-describing form <c>pbkdf2-sha256$iterations$salt$hash</c>.</summary>
public static class PasswordHasher
{
    private const string Scheme = "pbkdf2-sha256";
    private const int Iterations = 100_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public const int MinimumLength = 8;
    public const int MaximumLength = 256;

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return $"{Scheme}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>
    /// False for a missing or malformed <paramref name="encoded"/> too, but only after hashing against a stand-in of the
    /// same cost: a user without a password (unknown, or signing in through an identity provider) must take as long
    /// to refuse as a wrong password, or the time of the answer tells which user names exist.
    /// </summary>
    public static bool Verify(string password, string? encoded)
    {
        if (Parse(encoded) is { } stored) return Matches(password, stored);
        Matches(password, StandIn.Value);
        return false;
    }

    private readonly record struct StoredHash(int Iterations, byte[] Salt, byte[] Hash);

    private static readonly Lazy<StoredHash> StandIn = new(() => Parse(Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(HashBytes))))!.Value);

    private static StoredHash? Parse(string? encoded) =>
        encoded?.Split('$') is [Scheme, var iterations, var salt, var hash] && int.TryParse(iterations, out var count)
            ? new StoredHash(count, Convert.FromBase64String(salt), Convert.FromBase64String(hash))
            : null;

    private static bool Matches(string password, StoredHash stored)
    {
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), stored.Salt, stored.Iterations, HashAlgorithmName.SHA256, stored.Hash.Length);
        return CryptographicOperations.FixedTimeEquals(actual, stored.Hash);
    }

    /// <summary>Null when acceptable, else why not.</summary>
    public static string? CheckStrength(string password) => password.Length switch
    {
        < MinimumLength => $"password must be at least {MinimumLength} characters long.",
        > MaximumLength => $"password must be at most {MaximumLength} characters long.",
        _ => null,
    };
}
