using System.Diagnostics;
using System.Text;
using Paralus.Infrastructure.Messaging;

namespace Paralus.Infrastructure.Tests.Messaging;

/// <summary>The publisher and subscriber against the real local broker: fan-out, settlement, dead-lettering, prefetch, shutdown.</summary>
[Collection(LocalMessagingCollection.Name)]
public sealed class LocalMessagingTests(LocalBrokerFixture fixture)
{
    [Fact]
    public async Task APublishedMessage_ReachesEverySubscriber_WithIdTypeVersionAndBodyIntact()
    {
        await using var messaging = new LocalMessaging(fixture.Broker);
        var relay1 = TestHandler.Accepting();
        var relay2 = TestHandler.Accepting();
        await messaging.SubscribeAsync(relay1);
        await messaging.SubscribeAsync(relay2);

        var sent = new OutgoingMessage(Guid.NewGuid().ToString("N"), "binding.changed", 3, "{\"project\":\"p1\",\"note\":\"é ✓\"}"u8.ToArray());
        await messaging.PublishAsync(sent);

        foreach (var relay in new[] { relay1, relay2 })
        {
            var received = await relay.NextAsync();
            Assert.Equal((sent.MessageId, sent.Type, (int?)sent.SchemaVersion, 0u), (received.MessageId, received.Type, received.SchemaVersion, received.DeliveryCount));
            Assert.Equal(sent.Body.ToArray(), received.Body.ToArray());
            Assert.True(await relay.NothingMoreAsync(TimeSpan.FromMilliseconds(300)), "an accepted message came back");
        }
    }

    [Fact]
    public async Task ARejectedMessage_IsDeadLettered_AndTheConsumerGoesOnToTheNext()
    {
        await using var messaging = new LocalMessaging(fixture.Broker);
        var poison = LocalMessaging.Message("user.disabled", "{not json");
        var handler = new TestHandler(m => m.MessageId == poison.MessageId ? MessageSettlement.Reject("body is not JSON") : MessageSettlement.Accept);
        await messaging.SubscribeAsync(handler);

        var next = LocalMessaging.Message();
        await messaging.PublishAsync(poison);
        await messaging.PublishAsync(next);

        Assert.Equal(poison.MessageId, (await handler.NextAsync()).MessageId);
        Assert.Equal(next.MessageId, (await handler.NextAsync()).MessageId);
        var deadLetter = await messaging.DeadLetteredAsync(poison.MessageId);
        Assert.Equal("user.disabled", deadLetter.Properties.Subject);
        Assert.Equal("{not json", Encoding.UTF8.GetString((byte[])deadLetter.Body));
        Assert.True(messaging.SubscriberLog.Logged(5014));
    }

    [Fact]
    public async Task AFailingHandler_GetsTheMessageAgain_UntilMaxDeliveryCount_ThenItIsDeadLettered()
    {
        await using var messaging = new LocalMessaging(fixture.Broker, o => o.MaxDeliveryCount = 3);
        var failing = LocalMessaging.Message("cluster.deleted");
        var handler = new TestHandler(m => m.MessageId == failing.MessageId ? throw new InvalidOperationException("storage is down") : MessageSettlement.Accept);
        await messaging.SubscribeAsync(handler);

        await messaging.PublishAsync(failing);
        var deliveries = new List<uint>();
        for (var i = 0; i < 3; i++)
        {
            var received = await handler.NextAsync();
            Assert.Equal(failing.MessageId, received.MessageId);
            deliveries.Add(received.DeliveryCount);
        }

        Assert.Equal([0u, 1u, 2u], deliveries);
        await messaging.DeadLetteredAsync(failing.MessageId);
        var next = LocalMessaging.Message();
        await messaging.PublishAsync(next);
        Assert.Equal(next.MessageId, (await handler.NextAsync()).MessageId);
    }

    [Fact]
    public async Task AReleasedMessage_ComesBack_WithItsDeliveryCounted()
    {
        await using var messaging = new LocalMessaging(fixture.Broker);
        var handler = new TestHandler(_ => MessageSettlement.Release, _ => MessageSettlement.Accept);
        await messaging.SubscribeAsync(handler);

        var sent = LocalMessaging.Message();
        await messaging.PublishAsync(sent);

        var first = await handler.NextAsync();
        Assert.Equal((sent.MessageId, 0u), (first.MessageId, first.DeliveryCount));
        var again = await handler.NextAsync();
        Assert.Equal((sent.MessageId, 1u), (again.MessageId, again.DeliveryCount));
        Assert.True(await handler.NothingMoreAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Messages_AreHandedOutOneAtATime_InOrder_NeverMoreThanPrefetch()
    {
        await using var messaging = new LocalMessaging(fixture.Broker, o => o.Prefetch = 2);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new TestHandler(async (_, call, _) =>
        {
            if (call == 0) await gate.Task;
            return MessageSettlement.Accept;
        });
        await messaging.SubscribeAsync(handler);

        var sent = Enumerable.Range(0, 6).Select(_ => LocalMessaging.Message()).ToArray();
        foreach (var message in sent) await messaging.PublishAsync(message);
        var first = await handler.NextAsync();
        Assert.True(await handler.NothingMoreAsync(TimeSpan.FromMilliseconds(300)), "a second message was handed out while the first was in the handler");
        gate.SetResult();

        var received = new List<string?> { first.MessageId };
        for (var i = 1; i < sent.Length; i++) received.Add((await handler.NextAsync()).MessageId);
        Assert.Equal(sent.Select(m => m.MessageId), received);
        Assert.Equal(1, handler.MaxInFlight);
    }

    [Fact]
    public async Task ManyMessagesThroughASmallPrefetch_AllArriveInOrder_OnOneLink()
    {
        await using var messaging = new LocalMessaging(fixture.Broker, o => o.Prefetch = 3);
        var handler = new TestHandler(async (_, call, _) =>
        {
            if (call % 4 == 0) await Task.Delay(5, CancellationToken.None);
            return MessageSettlement.Accept;
        });
        await messaging.SubscribeAsync(handler);

        var sent = Enumerable.Range(0, 60).Select(_ => LocalMessaging.Message()).ToArray();
        foreach (var message in sent) await messaging.PublishAsync(message);

        foreach (var message in sent) Assert.Equal(message.MessageId, (await handler.NextAsync()).MessageId);
        Assert.Equal(1, handler.Subscribed);
        Assert.False(messaging.SubscriberLog.Logged(5012), "the link was lost on the way");
    }

    [Fact]
    public async Task Cancelling_StopsTheSubscriberPromptly_AfterTheMessageInHandIsDone()
    {
        await using var messaging = new LocalMessaging(fixture.Broker);
        var inHandler = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource<MessageSettlement>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new TestHandler((_, _, _) =>
        {
            inHandler.TrySetResult();
            return finish.Task;
        });
        var (subscriber, run, stop) = await messaging.SubscribeAsync(handler);
        await messaging.PublishAsync(LocalMessaging.Message());
        await inHandler.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await stop.CancelAsync();
        await Task.Delay(200);
        Assert.False(run.IsCompleted, "RunAsync returned while its handler still held a message");
        var clock = Stopwatch.StartNew();
        finish.SetResult(MessageSettlement.Accept);
        await run.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"RunAsync took {clock.Elapsed} to stop");
        Assert.False(subscriber.IsSubscribed);
    }

    [Fact]
    public async Task Cancelling_WhileTheBrokerIsUnreachable_StopsPromptly()
    {
        await using var messaging = new LocalMessaging(fixture.Broker, o => o.Port = Paralus.Testing.FreePort.Next());
        var subscriber = new AmqpMessageSubscriber(messaging.Connection, messaging.SubscriberLog);
        using var stop = new CancellationTokenSource();
        var run = subscriber.RunAsync(MessagingTopics.AccessEvents, "relay-unreachable", TestHandler.Accepting(), stop.Token);
        await LocalMessaging.Eventually(() => messaging.SubscriberLog.Logged(5012));

        var clock = Stopwatch.StartNew();
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"RunAsync took {clock.Elapsed} to stop");
        Assert.False(subscriber.IsSubscribed);
    }

    [Fact]
    public async Task AHandlerThatCannotCatchUp_IsSubscribedAgain_UntilItCan()
    {
        await using var messaging = new LocalMessaging(fixture.Broker);
        var handler = new TestHandler(_ => MessageSettlement.Accept) { FailingCatchUps = 1 };
        var (subscriber, _, _) = await messaging.SubscribeAsync(handler);
        await LocalMessaging.Eventually(() => handler.Subscribed == 2 && subscriber.IsSubscribed);

        var sent = LocalMessaging.Message();
        await messaging.PublishAsync(sent);
        Assert.Equal(sent.MessageId, (await handler.NextAsync()).MessageId);
        Assert.True(messaging.SubscriberLog.Logged(5012));
    }

    [Fact]
    public async Task PublishingToATopicTheBrokerDoesNotHave_FailsClearly_AndLeavesTheConnectionUsable()
    {
        await using var messaging = new LocalMessaging(fixture.Broker);
        var error = await Assert.ThrowsAsync<MessagingUnavailableException>(() =>
            messaging.Publisher.PublishAsync("no-such-topic", LocalMessaging.Message(), CancellationToken.None));
        Assert.Contains("no-such-topic", error.Message);
        Assert.Contains("NOT_FOUND - no exchange 'no-such-topic'", error.Message);

        await messaging.PublishAsync(LocalMessaging.Message());
    }

    [Fact]
    public async Task ThePasswordMayComeFromAFile()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, fixture.Broker.Password + "\n");
            await using var messaging = new LocalMessaging(fixture.Broker, o => (o.Password, o.PasswordFile) = (null, file));
            var handler = TestHandler.Accepting();
            await messaging.SubscribeAsync(handler);
            var sent = LocalMessaging.Message();
            await messaging.PublishAsync(sent);
            Assert.Equal(sent.MessageId, (await handler.NextAsync()).MessageId);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
