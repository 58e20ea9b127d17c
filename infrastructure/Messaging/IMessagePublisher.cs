namespace Paralus.Infrastructure.Messaging;

/// <summary>Sends messages to a topic. Completes once the broker has accepted the message (it is durable then).</summary>
public interface IMessagePublisher
{
    /// <summary>Throws <see cref="MessagingUnavailableException"/> when the broker cannot be reached or refuses the message.</summary>
    Task PublishAsync(string topic, OutgoingMessage message, CancellationToken cancellationToken);
}
