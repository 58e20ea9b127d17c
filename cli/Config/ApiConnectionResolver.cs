using Paralus.Cli.Api;
using Paralus.Cli.Parsing;
using Paralus.Cli.Sso;

namespace Paralus.Cli.Config;

/// <summary>
/// Decides which server and token a command uses: <c>--server</c>, then <c>PARALUS_API</c>, then the config file's
/// server; the token always comes from the config file written by <c>paralus login</c>. A company sign-in's session
/// that is about to end is renewed with its refresh token before the first request.
/// </summary>
internal sealed class ApiConnectionResolver(ConfigStore store, CliEnvironment environment)
{
    public SessionRenewal Renewal { get; } = new(store, environment.TimeProvider);

    public Uri Server(string? serverFlag, CliConfig config)
    {
        var server = serverFlag ?? environment.Variable("PARALUS_API") ?? config.Server
            ?? throw new CliUsageException("no server given: pass --server URL, set PARALUS_API, or run 'paralus login --server URL ...' first.");
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliUsageException($"server '{server}' is not an http:// or https:// URL.");
        }

        return uri;
    }

    public ApiConnection Authenticated(string? serverFlag)
    {
        var config = store.Load();
        var server = Server(serverFlag, config);
        if (config.Token is null)
        {
            throw new CliUsageException("not logged in: run 'paralus login --server URL --user NAME --password-stdin' (or --api-key-stdin, or --sso IDP) first.");
        }

        if (config.RefreshToken is not null && Renewal.IsDue(config))
        {
            return new ApiConnection(server, config.Token, async cancellationToken =>
                (await Renewal.RenewAsync(server, config, timeout: null, cancellationToken)).Token!);
        }

        if (config.ExpiresAt is { } expiresAt && expiresAt <= environment.TimeProvider.GetUtcNow())
        {
            throw new CliUsageException(
                $"the session of {config.User ?? "this user"} expired at {TimeBound.ToRfc3339(expiresAt)}: run 'paralus login' again.");
        }

        return new ApiConnection(server, config.Token);
    }
}
