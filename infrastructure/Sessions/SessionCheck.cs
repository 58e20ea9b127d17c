using Paralus.Domain.Directory;
using Paralus.Domain.Model;

namespace Paralus.Infrastructure.Sessions;

/// <summary>Whether a session token still counts against the directory as it is now: the control plane and every relay ask the same.</summary>
public static class SessionCheck
{
    /// <summary>The session's user, or why the session no longer counts (null claims: the token itself was not valid).</summary>
    public static (User? User, string? Refusal) Of(SessionClaims? claims, DirectoryView view)
    {
        if (claims is null) return (null, "the session token is invalid or has expired; sign in again with 'paralus login'.");
        if (claims.OrganizationId != view.Organization.Id) return (null, "the session token belongs to another organization.");
        if (!view.Users.TryGetValue(claims.UserId, out var user)) return (null, "the user of this session no longer exists.");
        if (!user.Value.Active) return (null, "the user of this session is deactivated.");
        if (user.Value.CredentialsRevokedBefore is { } revoked && claims.IssuedAt < revoked) return (null, "this session was revoked; sign in again.");
        return (user.Value, null);
    }
}
