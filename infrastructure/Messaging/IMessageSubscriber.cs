namespace Paralus.Infrastructure.Messaging;

/// <summary>
/// Consumes a topic through a subscription of its own until cancelled: reconnects with backoff when the broker goes
/// away, calls <see cref="IMessageHandler.OnSubscribedAsync"/> after each (re)attach, settles every message as its
/// handler decides. Never throws for a broker fault or a bad message; returns when its cancellation token fires.
/// </summary>
public interface IMessageSubscriber
{
    /// <summary>True while a receiver link is attached.</summary>
    bool IsSubscribed { get; }

    Task RunAsync(string topic, string subscription, IMessageHandler handler, CancellationToken cancellationToken);

    /// <summary>The same for a queue (<see cref="MessagingTopics.Audit"/>), whose consumers share its messages.</summary>
    Task RunQueueAsync(string queue, IMessageHandler handler, CancellationToken cancellationToken);
}
