namespace Paralus.Infrastructure.Messaging;

/// <summary>The broker could not be reached, or it refused a message.</summary>
public sealed class MessagingUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
