using Paralus.Core.Security;

namespace Paralus.Relay.Access;

/// <summary>
/// Who is calling: a Paralus session token as a bearer token (what the credential plugin hands kubectl). The user
/// must exist, be active, and the credential must not predate a revocation. Client certificates join here.
/// </summary>
internal sealed class RelayAuthenticator(SessionTokenService sessions)
{
    /// <summary>The user, or null with the reason to show.</summary>
    public async Task<(RelayUser? User, string? Failure)> AuthenticateAsync(HttpContext http, RelaySnapshot snapshot)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return (null, "no credentials: use a kubeconfig from 'paralus kubeconfig'");
        var claims = await sessions.ValidateAsync(header["Bearer ".Length..].Trim());
        if (claims is null || claims.OrganizationId != snapshot.View.Organization.Id) return (null, "the token is invalid or has expired");
        if (!snapshot.View.Users.TryGetValue(claims.UserId, out var stored)) return (null, "the user no longer exists");
        var user = stored.Value;
        if (!user.Active) return (null, "the user is deactivated");
        if (user.CredentialsRevokedBefore is { } revoked && claims.IssuedAt < revoked) return (null, "the credential was revoked");
        return (new RelayUser(user.Id, user.Name, claims.IssuedAt), null);
    }
}
