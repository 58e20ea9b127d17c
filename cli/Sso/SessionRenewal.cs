using System.Net;
using Paralus.Cli.Api;
using Paralus.Cli.Config;
using Paralus.Cli.Output;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Sso;

/// <summary>
/// Renews a company sign-in's session with its refresh token before the session runs out, and saves both new
/// tokens at once: refresh tokens are single use, so the old one is worthless from the moment it is sent.
/// </summary>
internal sealed class SessionRenewal(ConfigStore store, TimeProvider timeProvider)
{
    /// <summary>A session this close to its end is renewed first, so that it does not end in the middle of a command.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(60);

    public bool IsDue(CliConfig config) => config.ExpiresAt is { } expiresAt && expiresAt - timeProvider.GetUtcNow() <= Margin;

    public bool CanRenew(CliConfig config) =>
        config.RefreshToken is not null && (config.RefreshExpiresAt is not { } until || until > timeProvider.GetUtcNow());

    /// <summary>The renewed config, saved; <see cref="SignInExpiredException"/> when the server will not renew it.</summary>
    public async Task<CliConfig> RenewAsync(Uri server, CliConfig config, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        if (!CanRenew(config))
        {
            throw new SignInExpiredException(ExpiredMessage(config));
        }

        using var held = await ConfigLock.AcquireAsync(store, timeProvider, cancellationToken);
        var current = store.Load();
        if (current.RefreshToken != config.RefreshToken && current.Token is not null && !IsDue(current))
        {
            // Renewed by another paralus while this one waited for the lock.
            return current;
        }

        using var anonymous = new ParalusApiClient(new ApiConnection(server, null), NoProgress.Show, timeout);
        SsoTokenResponse session;
        try
        {
            session = await anonymous.PostAsync<SsoTokenResponse>(
                ApiRoutes.SsoToken, new SsoTokenRequest(SsoTokenRequest.RefreshTokenGrant, RefreshToken: current.RefreshToken ?? config.RefreshToken), cancellationToken);
        }
        catch (ApiProblemException problem) when (problem.Status is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new SignInExpiredException(ExpiredMessage(config));
        }

        var renewed = CliConfig.FromSso(server, session);
        store.Save(renewed);
        return renewed;
    }

    public static string ExpiredMessage(CliConfig config) =>
        $"your sign-in has expired; run '{LoginCommandFor(config)}'";

    public static string LoginCommandFor(CliConfig config) =>
        config.IdentityProvider is { } provider ? $"paralus login --sso {provider}" : "paralus login";
}
