namespace Paralus.Infrastructure.Messaging;

/// <summary>Service Bus answered a <c>$cbs</c> put-token with an error status: the connection is fine, the identity is not allowed.</summary>
internal sealed class TokenRefusedException(string audience, int status, string? description)
    : Exception($"Service Bus refused the token for {audience}: status {status}{(string.IsNullOrEmpty(description) ? "" : $" ({description})")}.")
{
    public int Status { get; } = status;
}
