using Paralus.Infrastructure.Messaging;

namespace Paralus.Infrastructure.Tests.Messaging;

/// <summary>Link credit as the sending peer sees it: a subscriber never holds more than Prefetch unsettled messages.</summary>
public sealed class PrefetchTests
{
    [Fact]
    public async Task ABusyHandler_LeavesTheRestWithTheBroker_BeyondPrefetch()
    {
        using var peer = new ServiceBusPeer(plain: ("listen", "key"));
        var options = new MessagingOptions
        {
            Broker = MessageBrokerKind.ServiceBus, Namespace = ServiceBusPeer.Namespace, SasKeyName = "listen", SasKey = "key", Prefetch = 3,
        };
        await using var connection = new AmqpBrokerConnection(options, new FakeTokenSource(TimeProvider.System, TimeSpan.FromHours(1)),
            TimeProvider.System, new RecordingLogger<AmqpBrokerConnection>(), new BrokerEndpoint("127.0.0.1", peer.Port, UseTls: false));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new TestHandler(async (_, call, _) =>
        {
            if (call == 0) await gate.Task;
            return MessageSettlement.Accept;
        });
        var subscriber = new AmqpMessageSubscriber(connection, new RecordingLogger<AmqpMessageSubscriber>());
        using var stop = new CancellationTokenSource();
        var run = subscriber.RunAsync(MessagingTopics.AccessEvents, "relay-1", handler, stop.Token);

        for (var i = 0; i < 10; i++) peer.Deliver(AmqpMessages.ToAmqp(new OutgoingMessage($"m-{i}", "user.disabled", 1, "{}"u8.ToArray())));
        Assert.Equal("m-0", (await handler.NextAsync()).MessageId);
        await Task.Delay(300);
        Assert.Equal(10 - options.Prefetch, peer.Undelivered);

        gate.SetResult();
        for (var i = 1; i < 10; i++) Assert.Equal($"m-{i}", (await handler.NextAsync()).MessageId);
        await LocalMessaging.Eventually(() => peer.Dispositions.Count == 10);
        Assert.Equal(0, peer.Undelivered);

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
