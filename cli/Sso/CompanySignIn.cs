using Paralus.Cli.Api;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Sso;

/// <summary>Signs in with a company identity provider, in a browser or with a device code.</summary>
internal sealed class CompanySignIn(CliContext context)
{
    public static readonly TimeSpan DefaultBrowserTimeout = TimeSpan.FromMinutes(5);

    public async Task<SsoTokenResponse> RunAsync(
        ParalusApiClient anonymous, Uri server, string identityProvider, bool device, TimeSpan? browserTimeout, CancellationToken cancellationToken)
    {
        await CheckKnownAsync(anonymous, server, identityProvider, cancellationToken);
        return device
            ? await new DeviceSignIn(context).RunAsync(anonymous, identityProvider, cancellationToken)
            : await new BrowserSignIn(context).RunAsync(anonymous, server, identityProvider, browserTimeout ?? DefaultBrowserTimeout, cancellationToken);
    }

    /// <summary>
    /// A mistyped name fails here, at once, rather than as an error page in a browser while the CLI waits. A server
    /// that cannot list its providers is not held against the sign-in: the sign-in itself will say what is wrong.
    /// </summary>
    private static async Task CheckKnownAsync(ParalusApiClient anonymous, Uri server, string identityProvider, CancellationToken cancellationToken)
    {
        ListResponse<SsoProviderResource> providers;
        try
        {
            providers = await anonymous.GetAsync<ListResponse<SsoProviderResource>>(ApiRoutes.SsoProviders, cancellationToken);
        }
        catch (Exception exception) when (exception is ApiProblemException or InvalidDataException)
        {
            return;
        }

        var names = (providers.Items ?? []).Select(provider => provider.Name).ToArray();
        if (!names.Contains(identityProvider, StringComparer.Ordinal))
        {
            throw new CliUsageException(names.Length == 0
                ? $"{server.AbsoluteUri} has no company sign-in set up (an administrator adds one with 'paralus create idp')."
                : $"{server.AbsoluteUri} has no identity provider '{identityProvider}'; choose one of: {string.Join(", ", names)}.");
        }
    }
}
