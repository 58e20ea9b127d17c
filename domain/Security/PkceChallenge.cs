using System.Security.Cryptography;
using System.Text;
using Paralus.Domain.Text;

namespace Paralus.Domain.Security;

/// <summary>
/// Proof Key for Code Exchange (RFC 7636, S256): the challenge goes out with the browser, the verifier only with the
/// token request, so a code caught on its way back to its redirect is useless to anyone else. The CLI uses it towards
/// the control plane, the control plane towards identity providers.
/// </summary>
public sealed record PkceChallenge(string Verifier, string Challenge)
{
    public const string Method = "S256";

    /// <summary>32 random bytes make a 43-character verifier, the shortest RFC 7636 allows.</summary>
    public static PkceChallenge Create()
    {
        var verifier = RandomTokens.Secret();
        return new PkceChallenge(verifier, ChallengeOf(verifier));
    }

    public static string ChallengeOf(string verifier) => Base64Url.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
}
