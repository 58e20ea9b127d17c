using Paralus.Domain.Contracts;

namespace Paralus.Cli.Config;

/// <summary>
/// What <c>paralus login</c> remembers. <see cref="ExpiresAt"/> is null for an API key, which does not expire
/// on its own. After company sign-in (<c>login --sso</c>) <see cref="IdentityProvider"/> names the provider and
/// <see cref="RefreshToken"/>, single use, gets the next session until <see cref="RefreshExpiresAt"/>.
/// </summary>
internal sealed record CliConfig(
    string? Server = null,
    string? Token = null,
    DateTimeOffset? ExpiresAt = null,
    string? User = null,
    string? RefreshToken = null,
    DateTimeOffset? RefreshExpiresAt = null,
    string? IdentityProvider = null)
{
    public static CliConfig FromSso(Uri server, SsoTokenResponse session) =>
        new(server.AbsoluteUri, session.Token, session.ExpiresAt, session.User, session.RefreshToken, session.RefreshExpiresAt, session.IdentityProvider);

    /// <summary>
    /// No session at all, as after <c>logout</c>; the server and the provider's name stay, so that the next sign-in
    /// (and kubectl's hint on what to run) need neither again.
    /// </summary>
    public CliConfig SignedOut() => new(Server, IdentityProvider: IdentityProvider);
}
