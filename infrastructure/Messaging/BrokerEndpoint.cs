namespace Paralus.Infrastructure.Messaging;

/// <summary>Where the AMQP connection goes: the local broker's host and port in the clear, or a Service Bus namespace over TLS.</summary>
internal readonly record struct BrokerEndpoint(string Host, int Port, bool UseTls)
{
    private const int AmqpsPort = 5671;

    public static BrokerEndpoint From(MessagingOptions options) => options.Broker switch
    {
        MessageBrokerKind.Local => new BrokerEndpoint(options.Host, options.Port, UseTls: false),
        MessageBrokerKind.ServiceBus => new BrokerEndpoint(options.Namespace!, AmqpsPort, UseTls: true),
        _ => throw new InvalidOperationException($"No broker endpoint for {options.Broker}."),
    };

    public override string ToString() => $"{(UseTls ? "amqps" : "amqp")}://{Host}:{Port}";
}
