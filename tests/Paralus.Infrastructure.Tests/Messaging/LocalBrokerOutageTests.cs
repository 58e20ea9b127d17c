using System.Diagnostics;
using Paralus.Infrastructure.Messaging;

namespace Paralus.Infrastructure.Tests.Messaging;

/// <summary>The broker goes away and comes back: publishers fail fast, subscribers notice, come back by themselves and catch up.</summary>
[Collection(LocalMessagingCollection.Name)]
public sealed class LocalBrokerOutageTests(LocalBrokerFixture fixture)
{
    [Fact]
    public async Task WhileTheBrokerIsDown_PublishingFailsFast_AndSubscribersComeBackByThemselvesAfterwards()
    {
        await using var messaging = new LocalMessaging(fixture.Broker);
        var handler = TestHandler.Accepting();
        var (subscriber, run, _) = await messaging.SubscribeAsync(handler);
        await messaging.PublishAsync(LocalMessaging.Message());
        await handler.NextAsync();

        var stopped = false;
        try
        {
            await fixture.Broker.StopAsync();
            stopped = true;
            await LocalMessaging.Eventually(() => !subscriber.IsSubscribed);

            var clock = Stopwatch.StartNew();
            var error = await Assert.ThrowsAsync<MessagingUnavailableException>(() => messaging.PublishAsync(LocalMessaging.Message()));
            Assert.True(clock.Elapsed <= messaging.Options.OperationTimeout + TimeSpan.FromSeconds(1), $"publishing took {clock.Elapsed} to fail");
            Assert.Contains("Could not publish user.disabled message", error.Message);

            await fixture.Broker.StartAgainAsync();
            stopped = false;
        }
        finally
        {
            if (stopped) await fixture.Broker.StartAgainAsync();
        }

        await LocalMessaging.Eventually(() => subscriber.IsSubscribed && handler.Subscribed == 2, TimeSpan.FromSeconds(30));
        var after = LocalMessaging.Message();
        await messaging.PublishAsync(after);
        Assert.Equal(after.MessageId, (await handler.NextAsync()).MessageId);
        Assert.False(run.IsCompleted);
        Assert.True(messaging.ConnectionLog.Logged(5003), "the lost connection was not logged");
        Assert.True(messaging.SubscriberLog.Logged(5012), "the lost subscription was not logged");
    }
}
