namespace Paralus.Infrastructure.Messaging;

/// <summary>Topic names; the same in Service Bus (topics) and in the local broker (exchanges). See infra/.</summary>
public static class MessagingTopics
{
    public const string AccessEvents = "access-events";

    /// <summary>
    /// A queue, not a topic: one ingestion consumes it. Publishers address it like a topic (locally an exchange bound
    /// to the queue, see infra/broker/definitions.json); consumers through <see cref="IMessageSubscriber.RunQueueAsync"/>.
    /// </summary>
    public const string Audit = "audit";
}
