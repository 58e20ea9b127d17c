using Duende.IdentityModel.Client;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Paralus.Domain.Model;

namespace Paralus.Functions.SignIn;

/// <summary>
/// Paralus as the provider's client: redeeming codes, refreshing, and the device grant, at the endpoints the
/// discovery document names. A confidential client authenticates with HTTP Basic, a public one names itself in the body.
/// A provider that cannot be reached throws <see cref="IdentityProviderUnavailableException"/>; what it answers is returned.
/// </summary>
internal sealed class ProviderTokenClient(IHttpClientFactory clients)
{
    private HttpClient Http => clients.CreateClient(OidcMetadata.HttpClientName);

    public async Task<TokenResponse> RedeemCodeAsync(IdentityProvider provider, string? secret, OpenIdConnectConfiguration endpoints, string code, string verifier,
        string redirectUri, CancellationToken cancellationToken) =>
        Reached(provider, await Http.RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = endpoints.TokenEndpoint,
            ClientId = provider.ClientId,
            ClientSecret = secret,
            ClientCredentialStyle = Style(secret),
            Code = code,
            CodeVerifier = verifier,
            RedirectUri = redirectUri,
        }, cancellationToken));

    public async Task<TokenResponse> RefreshAsync(IdentityProvider provider, string? secret, OpenIdConnectConfiguration endpoints, string refreshToken, CancellationToken cancellationToken) =>
        Reached(provider, await Http.RequestRefreshTokenAsync(new RefreshTokenRequest
        {
            Address = endpoints.TokenEndpoint,
            ClientId = provider.ClientId,
            ClientSecret = secret,
            ClientCredentialStyle = Style(secret),
            RefreshToken = refreshToken,
        }, cancellationToken));

    public async Task<DeviceAuthorizationResponse> StartDeviceAsync(IdentityProvider provider, string? secret, OpenIdConnectConfiguration endpoints, CancellationToken cancellationToken) =>
        Reached(provider, await Http.RequestDeviceAuthorizationAsync(new DeviceAuthorizationRequest
        {
            Address = endpoints.DeviceAuthorizationEndpoint,
            ClientId = provider.ClientId,
            ClientSecret = secret,
            ClientCredentialStyle = Style(secret),
            Scope = string.Join(' ', provider.Scopes),
        }, cancellationToken));

    public async Task<TokenResponse> PollDeviceAsync(IdentityProvider provider, string? secret, OpenIdConnectConfiguration endpoints, string deviceCode, CancellationToken cancellationToken) =>
        Reached(provider, await Http.RequestDeviceTokenAsync(new DeviceTokenRequest
        {
            Address = endpoints.TokenEndpoint,
            ClientId = provider.ClientId,
            ClientSecret = secret,
            ClientCredentialStyle = Style(secret),
            DeviceCode = deviceCode,
        }, cancellationToken));

    private static T Reached<T>(IdentityProvider provider, T response) where T : ProtocolResponse =>
        response.ErrorType == ResponseErrorType.Exception
            ? throw new IdentityProviderUnavailableException($"identity provider '{provider.Name}' could not be reached: {response.Error}", response.Exception)
            : response;

    private static ClientCredentialStyle Style(string? secret) => secret is null ? ClientCredentialStyle.PostBody : ClientCredentialStyle.AuthorizationHeader;
}
