using System.Security.Cryptography;
using System.Text;

namespace Paralus.Sandbox.Auth;

/// <summary>
/// Bearer-token authentication: the admin token, or a service-account token. No token means
/// the anonymous user, whom RBAC then allows little; a token that fails means 401.
/// </summary>
internal sealed class Authenticator(SandboxKeys keys, ServiceAccountTokens tokens)
{
    /// <summary>The caller, or null when a presented token is not valid.</summary>
    public UserInfo? Authenticate(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.Length == 0) return UserInfo.Anonymous;
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return null;
        var token = header["Bearer ".Length..].Trim();
        return AuthenticateToken(token, [])?.User;
    }

    public (UserInfo User, IReadOnlyList<string> Audiences)? AuthenticateToken(string token, IReadOnlyList<string> audiences)
    {
        if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(keys.AdminToken)))
            return (UserInfo.Admin, audiences.Count == 0 ? [ServiceAccountTokens.ApiAudience] : audiences);
        return tokens.Validate(token, audiences);
    }
}
