namespace Paralus.Infrastructure.Messaging;

/// <summary>
/// Where links attach on each broker. RabbitMQ's AMQP 1.0 plugin publishes through an exchange with the message
/// type as routing key and gives every <c>/exchange/…</c> receiver an exclusive auto-delete queue of its own, so a
/// relay instance's subscription is its link. Service Bus addresses the topic and a named subscription entity.
/// </summary>
internal static class MessagingAddresses
{
    public static string PublishTarget(MessageBrokerKind broker, string topic, string messageType) => broker switch
    {
        MessageBrokerKind.Local => $"/exchange/{Segment(topic, nameof(topic))}/{Segment(messageType, nameof(messageType))}",
        MessageBrokerKind.ServiceBus => Segment(topic, nameof(topic)),
        _ => throw new InvalidOperationException($"No addresses without a broker ({broker})."),
    };

    public static string SubscriptionSource(MessageBrokerKind broker, string topic, string subscription) => broker switch
    {
        MessageBrokerKind.Local => $"/exchange/{Segment(topic, nameof(topic))}/#",
        MessageBrokerKind.ServiceBus => $"{Segment(topic, nameof(topic))}/subscriptions/{Segment(subscription, nameof(subscription))}",
        _ => throw new InvalidOperationException($"No addresses without a broker ({broker})."),
    };

    /// <summary>A queue's consumers share its messages: locally the durable queue itself, never a temporary one.</summary>
    public static string QueueSource(MessageBrokerKind broker, string queue) => broker switch
    {
        MessageBrokerKind.Local => $"/amq/queue/{Segment(queue, nameof(queue))}",
        MessageBrokerKind.ServiceBus => Segment(queue, nameof(queue)),
        _ => throw new InvalidOperationException($"No addresses without a broker ({broker})."),
    };

    /// <summary>The audience a <c>$cbs</c> put-token names for a Service Bus entity (a topic, or a topic's subscription).</summary>
    public static string TokenAudience(string serviceBusNamespace, string entity) => $"amqp://{serviceBusNamespace}/{entity}";

    /// <summary>A name becomes one path segment: a slash would silently address another entity.</summary>
    private static string Segment(string name, string what)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Contains('/'))
            throw new ArgumentException($"The {what} '{name}' must be non-empty and must not contain '/'.", what);
        return name;
    }
}
