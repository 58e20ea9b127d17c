using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Paralus.Domain.Kubernetes;

/// <summary>
/// Names of the JIT objects for a user, following Paralus so that clusters moved from Paralus keep their
/// service accounts: lower-case the user name, keep [0-9a-z], write every other character as
/// "-" and its decimal code point (<c>sally@example.com</c> → <c>sally-64example-46com</c>).
/// </summary>
public static class ServiceAccountNames
{
    /// <summary>A ServiceAccount name is a DNS subdomain.</summary>
    public const int MaxNameLength = 253;

    public const int MaxLabelValueLength = 63;

    // "-x" and 12 hex digits. Paralus's encoding writes "-" only before a digit, so a name ending in "-x…"
    // can never also be the plain encoding of another user.
    private const int HashSuffixLength = 14;

    /// <summary>
    /// The Paralus encoding when it is a valid name; otherwise (longer than 253 characters, or starting with
    /// "-" because the user name starts with a symbol) a prefix of it with a stable hash of the whole appended.
    /// </summary>
    public static string ForUser(string userName)
    {
        var encoded = Encode(userName);
        return encoded.Length > 0 && encoded[0] != '-'
            ? Bounded(encoded, MaxNameLength)
            : WithHash("u" + encoded, MaxNameLength);
    }

    /// <summary>The service account name as a label value (at most 63 characters).</summary>
    public static string LabelValue(string serviceAccountName) => Bounded(serviceAccountName, MaxLabelValueLength);

    /// <summary>
    /// One binding per service account and ClusterRole: a binding's roleRef cannot change, so a new level
    /// means a new binding (and the old one is deleted) rather than an update.
    /// </summary>
    public static string BindingName(string serviceAccountName, string clusterRoleName) =>
        Bounded($"{serviceAccountName}-{clusterRoleName}", MaxNameLength);

    private static string Encode(string userName)
    {
        var text = new StringBuilder(userName.Length + 8);
        foreach (var rune in userName.ToLowerInvariant().EnumerateRunes())
        {
            if (rune.Value is >= 'a' and <= 'z' or >= '0' and <= '9') text.Append((char)rune.Value);
            else text.Append('-').Append(rune.Value.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    private static string Bounded(string name, int maxLength) => name.Length <= maxLength ? name : WithHash(name, maxLength);

    /// <summary>Cut to fit, never ending in '-', then "-x" and a hash of the whole name so cut names stay apart.</summary>
    private static string WithHash(string name, int maxLength)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)), 0, 6);
        var kept = name[..Math.Min(name.Length, maxLength - HashSuffixLength)].TrimEnd('-');
        return $"{kept}-x{hash}";
    }
}
