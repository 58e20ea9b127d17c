namespace Paralus.Infrastructure.Messaging;

public enum MessageBrokerKind
{
    /// <summary>No broker: events are not published; relays poll storage.</summary>
    None,

    /// <summary>RabbitMQ with its AMQP 1.0 plugin, as <c>./run.sh</c> and the tests start it.</summary>
    Local,

    /// <summary>Azure Service Bus.</summary>
    ServiceBus,
}
