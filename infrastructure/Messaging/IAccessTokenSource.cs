namespace Paralus.Infrastructure.Messaging;

/// <summary>Entra ID tokens for Service Bus <c>$cbs</c> authorization. Replace it to sign in with something other than a managed identity.</summary>
public interface IAccessTokenSource
{
    /// <summary>The scope Service Bus tokens are asked for.</summary>
    const string ServiceBusScope = "https://servicebus.azure.net/.default";

    Task<MessagingAccessToken> GetTokenAsync(string scope, CancellationToken cancellationToken);
}
