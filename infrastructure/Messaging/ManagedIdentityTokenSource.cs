using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Options;

namespace Paralus.Infrastructure.Messaging;

/// <summary>Tokens of the app's managed identity: the user-assigned one named by ManagedIdentityClientId, else the system-assigned one.</summary>
public sealed class ManagedIdentityTokenSource(IOptions<MessagingOptions> options) : IAccessTokenSource
{
    // Created on first use: a process that never asks (SAS or the local broker) never touches the identity endpoint.
    private readonly Lazy<ManagedIdentityCredential> _credential = new(() => new ManagedIdentityCredential(
        string.IsNullOrWhiteSpace(options.Value.ManagedIdentityClientId)
            ? ManagedIdentityId.SystemAssigned
            : ManagedIdentityId.FromUserAssignedClientId(options.Value.ManagedIdentityClientId)));

    public async Task<MessagingAccessToken> GetTokenAsync(string scope, CancellationToken cancellationToken)
    {
        var token = await _credential.Value.GetTokenAsync(new TokenRequestContext([scope]), cancellationToken);
        return new MessagingAccessToken(token.Token, token.ExpiresOn);
    }
}
