using System.Net;

namespace Paralus.Infrastructure.Certificates;

/// <summary>Key Vault refused a request: the message names the vault, the operation, the key or secret and the status; never a token.</summary>
public sealed class KeyVaultRequestException(string message, HttpStatusCode statusCode) : Exception(message)
{
    public HttpStatusCode StatusCode { get; } = statusCode;
}
