using Duende.IdentityModel.Client;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.Kiota.Abstractions.Authentication;
using IdentityProvider = Paralus.Domain.Model.IdentityProvider;

namespace Paralus.Functions.SignIn;

/// <summary>
/// A person's Entra ID groups, direct and nested, from Microsoft Graph (<c>transitiveMemberOf</c>), for tokens whose
/// groups did not fit (more than 200). Paralus asks as the application itself (client credentials of the provider's
/// client, which needs the Graph application permission <c>GroupMember.Read.All</c>). Directory roles and other
/// objects in the answer are not groups and are skipped.
/// </summary>
internal sealed class EntraGroupReader(IHttpClientFactory clients, IOptions<SignInOptions> options)
{
    private const string GraphScope = "https://graph.microsoft.com/.default";

    public async Task<IReadOnlyList<string>> GroupIdsAsync(IdentityProvider provider, string? secret, OpenIdConnectConfiguration endpoints, string objectId,
        CancellationToken cancellationToken)
    {
        if (secret is null) throw new IdentityProviderUnavailableException($"identity provider '{provider.Name}' has no client secret, which reading groups from Microsoft Graph needs.");
        var http = clients.CreateClient(OidcMetadata.HttpClientName);
        var token = await http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = endpoints.TokenEndpoint,
            ClientId = provider.ClientId,
            ClientSecret = secret,
            Scope = GraphScope,
        }, cancellationToken);
        if (token.IsError || token.AccessToken is null)
        {
            throw new IdentityProviderUnavailableException($"identity provider '{provider.Name}' gave no token for Microsoft Graph: {token.Error} {token.ErrorDescription}");
        }

        var graph = new GraphServiceClient(http, new BaseBearerTokenAuthenticationProvider(new FixedAccessToken(token.AccessToken)),
            options.Value.GraphBaseUrl.TrimEnd('/') + "/v1.0");
        var ids = new List<string>();
        try
        {
            var page = await graph.Users[objectId].TransitiveMemberOf.GetAsync(request => request.QueryParameters.Select = ["id"], cancellationToken);
            var pages = PageIterator<DirectoryObject, DirectoryObjectCollectionResponse>.CreatePageIterator(graph, page!, member =>
            {
                if (member is Group { Id: { } id }) ids.Add(id);
                return true;
            });
            await pages.IterateAsync(cancellationToken);
        }
        catch (Microsoft.Graph.Models.ODataErrors.ODataError e)
        {
            throw new IdentityProviderUnavailableException($"Microsoft Graph refused to list the groups of {objectId}: {e.Error?.Code} {e.Error?.Message}", e);
        }
        return ids;
    }

    /// <summary>The application token, for the few Graph requests of one sign-in.</summary>
    private sealed class FixedAccessToken(string token) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new();

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(token);
    }
}
