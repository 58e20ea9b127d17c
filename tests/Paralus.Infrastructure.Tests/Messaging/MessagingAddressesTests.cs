using Paralus.Infrastructure.Messaging;

namespace Paralus.Infrastructure.Tests.Messaging;

public sealed class MessagingAddressesTests
{
    [Fact]
    public void Local_PublishesThroughTheExchange_WithTheTypeAsRoutingKey_AndSubscribesToEveryKey()
    {
        Assert.Equal("/exchange/access-events/user.disabled", MessagingAddresses.PublishTarget(MessageBrokerKind.Local, MessagingTopics.AccessEvents, "user.disabled"));
        Assert.Equal("/exchange/access-events/#", MessagingAddresses.SubscriptionSource(MessageBrokerKind.Local, MessagingTopics.AccessEvents, "relay-1"));
    }

    [Fact]
    public void ServiceBus_PublishesToTheTopic_AndSubscribesThroughTheNamedSubscription()
    {
        Assert.Equal("access-events", MessagingAddresses.PublishTarget(MessageBrokerKind.ServiceBus, MessagingTopics.AccessEvents, "user.disabled"));
        Assert.Equal("access-events/subscriptions/relay-1", MessagingAddresses.SubscriptionSource(MessageBrokerKind.ServiceBus, MessagingTopics.AccessEvents, "relay-1"));
        Assert.Equal("amqp://ns.servicebus.windows.net/access-events/subscriptions/relay-1",
            MessagingAddresses.TokenAudience("ns.servicebus.windows.net", "access-events/subscriptions/relay-1"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("access-events/subscriptions/x")]
    public void NamesThatWouldAddressAnotherEntity_AreRefused(string name)
    {
        Assert.Throws<ArgumentException>(() => MessagingAddresses.PublishTarget(MessageBrokerKind.ServiceBus, name, "t"));
        Assert.Throws<ArgumentException>(() => MessagingAddresses.PublishTarget(MessageBrokerKind.Local, "access-events", name));
        Assert.Throws<ArgumentException>(() => MessagingAddresses.SubscriptionSource(MessageBrokerKind.ServiceBus, "access-events", name));
    }

    [Fact]
    public void Endpoint_IsTheLocalHostInTheClear_OrTheNamespaceOverTls()
    {
        Assert.Equal(new BrokerEndpoint("127.0.0.1", 5673, false),
            BrokerEndpoint.From(new MessagingOptions { Broker = MessageBrokerKind.Local, Port = 5673 }));
        Assert.Equal("amqps://ns.servicebus.windows.net:5671",
            BrokerEndpoint.From(new MessagingOptions { Broker = MessageBrokerKind.ServiceBus, Namespace = "ns.servicebus.windows.net" }).ToString());
    }
}
