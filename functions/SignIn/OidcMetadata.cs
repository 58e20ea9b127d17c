using System.Collections.Concurrent;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Paralus.Domain.Model;

namespace Paralus.Functions.SignIn;

/// <summary>
/// Each provider's discovery document and signing keys, cached per issuer and re-read twice a day, or at once (at most
/// every <see cref="MinimumRefresh"/> per issuer) when a token names a key the cache does not hold: keys rotate.
/// </summary>
internal sealed class OidcMetadata
{
    public const string HttpClientName = "identity-providers";
    private static readonly TimeSpan MinimumRefresh = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, ConfigurationManager<OpenIdConnectConfiguration>> _managers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _forcedAt = new(StringComparer.Ordinal);
    private readonly IHttpClientFactory _clients;
    private readonly TimeProvider _time;

    public OidcMetadata(IHttpClientFactory clients, TimeProvider time)
    {
        _clients = clients;
        _time = time;
    }

    /// <summary>The provider's metadata; refuses a document naming another issuer than the one configured.</summary>
    public async Task<OpenIdConnectConfiguration> GetAsync(IdentityProvider provider, CancellationToken cancellationToken)
    {
        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await Manager(provider.Issuer).GetConfigurationAsync(cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            throw new IdentityProviderUnavailableException($"the discovery document of {provider.Issuer} could not be read: {e.InnerException?.Message ?? e.Message}", e);
        }
        if (!string.Equals(configuration.Issuer, provider.Issuer, StringComparison.Ordinal))
        {
            throw new IdentityProviderUnavailableException($"the discovery document at {provider.Issuer} names issuer '{configuration.Issuer}'; the provider is configured with '{provider.Issuer}'.");
        }
        return configuration;
    }

    /// <summary>
    /// Drops the cached metadata so the next read fetches it again. The manager's own refresh request only takes effect
    /// in the background, after the token that needed the new key has been refused; a fresh manager reads at once.
    /// </summary>
    /// <returns>False when the issuer was refreshed this way within <see cref="MinimumRefresh"/>: tokens naming unknown keys must not make Paralus hammer the provider.</returns>
    public bool RequestRefresh(IdentityProvider provider)
    {
        var now = _time.GetUtcNow();
        if (_forcedAt.TryGetValue(provider.Issuer, out var last) && now - last < MinimumRefresh) return false;
        _forcedAt[provider.Issuer] = now;
        _managers.TryRemove(provider.Issuer, out _);
        return true;
    }

    private ConfigurationManager<OpenIdConnectConfiguration> Manager(string issuer) => _managers.GetOrAdd(issuer, url =>
    {
        var address = url.TrimEnd('/') + "/.well-known/openid-configuration";
        // Issuers are https unless loopback (IdentityProviderSettings.Issuer), so plain http here is a provider on this machine.
        var retriever = new HttpDocumentRetriever(_clients.CreateClient(HttpClientName)) { RequireHttps = address.StartsWith("https:", StringComparison.Ordinal) };
        return new ConfigurationManager<OpenIdConnectConfiguration>(address, new OpenIdConnectConfigurationRetriever(), retriever)
        {
            AutomaticRefreshInterval = TimeSpan.FromHours(12),
            RefreshInterval = MinimumRefresh,
        };
    });
}
