using Paralus.Cli.Api;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Sso;

/// <summary>Signs in with a company identity provider, in a browser or with a device code.</summary>
internal sealed class CompanySignIn(CliContext context)
{
    public static readonly TimeSpan DefaultBrowserTimeout = TimeSpan.FromMinutes(5);

    public Task<SsoTokenResponse> RunAsync(
        ParalusApiClient anonymous, Uri server, string identityProvider, bool device, TimeSpan? browserTimeout, CancellationToken cancellationToken) =>
        device
            ? new DeviceSignIn(context).RunAsync(anonymous, identityProvider, cancellationToken)
            : new BrowserSignIn(context).RunAsync(anonymous, server, identityProvider, browserTimeout ?? DefaultBrowserTimeout, cancellationToken);
}
