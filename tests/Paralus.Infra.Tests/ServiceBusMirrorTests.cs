using System.Xml;
using Paralus.Infrastructure.Messaging;

namespace Paralus.Infra.Tests;

/// <summary>
/// The local broker mirrors the Service Bus entities of infra/, so the two cannot drift:
/// a topic T is a topic exchange T whose subscriptions are the queues the AMQP 1.0 plugin makes per receiver
/// (<c>amq.gen-…</c>); a queue Q is a durable queue Q; the dead-letter queue of an entity E (Service Bus's
/// <c>E/$DeadLetterQueue</c>) is a durable queue <c>E.dead-letter</c>, fed by a fanout exchange of the same name
/// that a policy on E's queues names as their dead-letter exchange.
/// </summary>
public sealed class ServiceBusMirrorTests(CompiledInfra infra) : IClassFixture<CompiledInfra>
{
    // A name the RabbitMQ 3.10 AMQP 1.0 plugin gives the queue of a receiver on /exchange/NAME/#.
    private const string SubscriptionQueue = "amq.gen-obVbs7Ps8Fd1oCf9MqT3oQ";
    private const string DeadLetterSuffix = ".dead-letter";
    private readonly BrokerDefinitions _broker = new();

    private ArmTemplate.Resource[] Topics => [.. infra.Template.OfType("Microsoft.ServiceBus/namespaces/topics")];

    private ArmTemplate.Resource[] Subscriptions => [.. infra.Template.OfType("Microsoft.ServiceBus/namespaces/topics/subscriptions")];

    private ArmTemplate.Resource[] Queues => [.. infra.Template.OfType("Microsoft.ServiceBus/namespaces/queues")];

    [Fact]
    public void Each_topic_is_a_topic_exchange_and_each_queue_a_durable_queue_behind_a_fanout_exchange_and_the_broker_has_nothing_else()
    {
        var topics = Topics.Select(t => t.Name!).Order().ToArray();
        var queues = Queues.Select(q => q.Name!).Order().ToArray();
        Assert.Contains(MessagingTopics.AccessEvents, topics);

        // Publishers address a queue as they address a topic: locally through a fanout exchange of its name, bound to it.
        Assert.Equal(topics.Concat(queues).Order(), _broker.Exchanges.Where(e => !e.Name.EndsWith(DeadLetterSuffix)).Select(e => e.Name).Order());
        Assert.All(_broker.Exchanges.Where(e => topics.Contains(e.Name)), e => Assert.True(e.Type == "topic" && e.Durable, $"{e.Name} is a durable topic exchange"));
        Assert.All(_broker.Exchanges.Where(e => queues.Contains(e.Name)), e => Assert.True(e.Type == "fanout" && e.Durable, $"{e.Name} is a durable fanout exchange"));
        Assert.All(queues, q => Assert.Contains((q, q, "queue"), _broker.Bindings));
        Assert.Equal(queues, _broker.Queues.Where(q => !q.Name.EndsWith(DeadLetterSuffix)).Select(q => q.Name).Order());
        Assert.All(_broker.Queues, q => Assert.True(q.Durable, $"{q.Name} is durable"));

        var deadLetters = topics.Concat(queues).Select(e => e + DeadLetterSuffix).Order().ToArray();
        Assert.Equal(deadLetters, _broker.Exchanges.Where(e => e.Name.EndsWith(DeadLetterSuffix)).Select(e => e.Name).Order());
        Assert.Equal(deadLetters, _broker.Queues.Where(q => q.Name.EndsWith(DeadLetterSuffix)).Select(q => q.Name).Order());
    }

    [Fact]
    public void Each_entity_dead_letters_into_its_own_dead_letter_queue_on_both_sides()
    {
        Assert.All(Subscriptions.Concat(Queues), e => Assert.Equal(true, (bool?)e.Property("deadLetteringOnMessageExpiration")));

        foreach (var (entity, localQueue) in Topics.Select(t => (t.Name!, SubscriptionQueue)).Concat(Queues.Select(q => (q.Name!, q.Name!))))
        {
            var deadLetter = entity + DeadLetterSuffix;
            Assert.Equal(deadLetter, _broker.PolicyForQueue(localQueue)?.DeadLetterExchange);
            Assert.Contains(_broker.Exchanges, e => e.Name == deadLetter && e.Type == "fanout" && e.Durable);
            Assert.Contains((deadLetter, true), _broker.Queues);
            Assert.Contains((deadLetter, deadLetter, "queue"), _broker.Bindings);
            // A dead-letter queue must not dead-letter again (nor be taken for a subscription).
            Assert.Null(_broker.PolicyForQueue(deadLetter)?.DeadLetterExchange);
        }
    }

    [Fact]
    public void Message_time_to_live_and_delivery_limit_are_the_same_on_both_sides()
    {
        foreach (var subscription in Subscriptions)
        {
            Assert.Equal(Milliseconds(subscription.Property("defaultMessageTimeToLive")), _broker.PolicyForQueue(SubscriptionQueue)?.MessageTtl);
        }
        foreach (var queue in Queues)
        {
            Assert.Equal(Milliseconds(queue.Property("defaultMessageTimeToLive")), _broker.PolicyForQueue(queue.Name!)?.MessageTtl);
        }
        // RabbitMQ's classic queues count no deliveries: locally the consumer dead-letters after MaxDeliveryCount.
        Assert.All(Subscriptions.Concat(Queues), e => Assert.Equal(new MessagingOptions().MaxDeliveryCount, (int?)e.Property("maxDeliveryCount")));
    }

    private static long Milliseconds(System.Text.Json.Nodes.JsonNode? isoDuration) =>
        (long)XmlConvert.ToTimeSpan((string)isoDuration!).TotalMilliseconds;
}
