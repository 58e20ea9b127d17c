using System.Security.Cryptography.X509Certificates;
using Paralus.Domain.Certificates;
using Paralus.Infrastructure.Sessions;

namespace Paralus.Relay.Access;

/// <summary>
/// Who is calling: a client certificate from the Paralus user CA (what <c>paralus kubeconfig</c> writes), or a
/// Paralus session or kubectl token (from the exec credential plugin) as a bearer token. Either way the user must exist and be active, and the credential must
/// not predate a revocation.
/// </summary>
internal sealed class RelayAuthenticator(SessionTokenService sessions, UserCertificateValidator certificates)
{
    /// <summary>The user, or null with the reason to show.</summary>
    public async Task<(RelayUser? User, string? Failure)> AuthenticateAsync(HttpContext http, RelaySnapshot snapshot) =>
        await CredentialOf(http) switch
        {
            X509Certificate2 certificate => Check(certificate, snapshot),
            SessionClaims claims => Check(claims, snapshot),
            _ when http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) => Check((SessionClaims?)null, snapshot),
            _ => (null, "no credentials: use a kubeconfig from 'paralus kubeconfig'"),
        };

    /// <summary>
    /// Whether the request carries a genuine credential (signed by Paralus) of a user this snapshot does not know: a
    /// user created a moment ago whose access event this relay has not applied yet, so a newer directory may know them.
    /// </summary>
    public async Task<bool> NamesUnknownUserAsync(HttpContext http, RelaySnapshot snapshot) => await CredentialOf(http) switch
    {
        // Checked as for no user at all: only a certificate sound in every other way fails with UnknownUser.
        X509Certificate2 certificate => certificates.Validate(certificate, null, null).Failure == UserCertificateFailure.UnknownUser
            && UserCertificateIdentity.From(certificate) is { } identity && !snapshot.View.Users.ContainsKey(identity.UserId),
        SessionClaims claims => !snapshot.View.Users.ContainsKey(claims.UserId),
        _ => false,
    };

    private async Task<object?> CredentialOf(HttpContext http)
    {
        if (http.Connection.ClientCertificate is { } certificate) return certificate;
        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? await sessions.ValidateForKubectlAsync(header["Bearer ".Length..].Trim()) : null;
    }

    /// <summary>Whether an already authenticated user's credential still stands in a newer snapshot: null when it does, else why not.</summary>
    public string? Recheck(RelayUser user, RelaySnapshot snapshot) =>
        (user.Certificate is { } certificate ? Check(certificate, snapshot) : Check(user.Session, snapshot)).Failure;

    private static (RelayUser? User, string? Failure) Check(SessionClaims? claims, RelaySnapshot snapshot)
    {
        var (user, refusal) = SessionCheck.Of(claims, snapshot.View);
        return user is null ? (null, refusal) : (new RelayUser(user.Id, user.Name, null, claims), null);
    }

    private (RelayUser? User, string? Failure) Check(X509Certificate2 certificate, RelaySnapshot snapshot)
    {
        var identity = UserCertificateIdentity.From(certificate);
        // By id: a certificate of a deleted user never stands for a later user of the same name.
        var user = identity is not null && identity.OrganizationId == snapshot.View.Organization.Id && snapshot.View.Users.TryGetValue(identity.UserId, out var stored)
            ? stored.Value
            : null;
        var check = certificates.Validate(certificate, null, user);
        return check.IsValid ? (new RelayUser(user!.Id, user.Name, certificate, null), null) : (null, check.Reason);
    }
}
