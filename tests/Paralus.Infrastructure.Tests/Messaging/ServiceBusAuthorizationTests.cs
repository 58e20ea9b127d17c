using System.Text;
using Amqp.Framing;
using Microsoft.Extensions.Time.Testing;
using Paralus.Infrastructure.Messaging;

namespace Paralus.Infrastructure.Tests.Messaging;

/// <summary>The Service Bus configuration against an in-process AMQP peer: SASL, <c>$cbs</c> put-token, renewal, outcomes.</summary>
public sealed class ServiceBusAuthorizationTests
{
    private const string Audience = $"amqp://{ServiceBusPeer.Namespace}/access-events";
    private static readonly OutgoingMessage Disabled = new("m-1", "user.disabled", 1, "{\"user\":\"ann\"}"u8.ToArray());

    private readonly RecordingLogger<AmqpBrokerConnection> _log = new();

    [Fact]
    public async Task ManagedIdentity_PutsATokenForTheTopic_BeforeTheSenderAttaches()
    {
        using var peer = new ServiceBusPeer();
        var tokens = new FakeTokenSource(TimeProvider.System, TimeSpan.FromHours(1));
        await using var connection = ManagedIdentity(peer, tokens, TimeProvider.System);
        await using var publisher = new AmqpMessagePublisher(connection, new RecordingLogger<AmqpMessagePublisher>());

        await publisher.PublishAsync(MessagingTopics.AccessEvents, Disabled, CancellationToken.None);
        await publisher.PublishAsync(MessagingTopics.AccessEvents, Disabled with { MessageId = "m-2" }, CancellationToken.None);

        Assert.Equal([$"put-token {Audience}", "attach access-events"], peer.Events);
        var put = Assert.Single(peer.Tokens);
        Assert.Equal(("put-token", "jwt", Audience, "secret-token-1"), (put.Operation, put.Type, put.Name, put.Token));
        Assert.False(string.IsNullOrEmpty(put.ReplyTo));
        Assert.Equal(IAccessTokenSource.ServiceBusScope, Assert.Single(tokens.Scopes));
        Assert.True(put.Expiration > DateTime.UtcNow.AddMinutes(59));

        var sent = await peer.Published.ReadAsync();
        Assert.Equal(("m-1", "user.disabled"), (sent.Properties.MessageId, sent.Properties.Subject));
        Assert.Equal("{\"user\":\"ann\"}", Encoding.UTF8.GetString((byte[])sent.Body));
        _log.AssertNeverMentions("secret-token-1");
    }

    [Fact]
    public async Task ManagedIdentity_ARefusedToken_IsAClearError_AndTheEntityIsNeverAttached()
    {
        using var peer = new ServiceBusPeer(status: 401, description: "InvalidSignature: the token audience is wrong");
        await using var connection = ManagedIdentity(peer, new FakeTokenSource(TimeProvider.System, TimeSpan.FromHours(1)), TimeProvider.System);
        await using var publisher = new AmqpMessagePublisher(connection, new RecordingLogger<AmqpMessagePublisher>());

        var error = await Assert.ThrowsAsync<MessagingUnavailableException>(() => publisher.PublishAsync(MessagingTopics.AccessEvents, Disabled, CancellationToken.None));

        Assert.Contains($"Service Bus refused the token for {Audience}: status 401 (InvalidSignature: the token audience is wrong)", error.Message);
        Assert.Equal([$"put-token {Audience}"], peer.Events);
    }

    [Fact]
    public async Task ManagedIdentity_TokensAreRenewedBeforeTheyExpire()
    {
        using var peer = new ServiceBusPeer();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var connection = ManagedIdentity(peer, new FakeTokenSource(time, TimeSpan.FromMinutes(10)), time);
        await using var publisher = new AmqpMessagePublisher(connection, new RecordingLogger<AmqpMessagePublisher>());
        await publisher.PublishAsync(MessagingTopics.AccessEvents, Disabled, CancellationToken.None);

        // Due five minutes before expiry; the renewal loop runs on its own, so step the clock until it has acted.
        for (var minute = 0; minute < 6 || (peer.Tokens.Count < 2 && minute < 60); minute++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(20);
        }

        Assert.Equal(["secret-token-1", "secret-token-2"], peer.Tokens.Select(t => t.Token as string));
        Assert.All(peer.Tokens, t => Assert.Equal(Audience, t.Name));
        Assert.Equal(1, peer.Events.Count(e => e.StartsWith("attach", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ManagedIdentity_Subscriber_AuthorizesTheSubscription_ThenReleasesAsAFailedDelivery()
    {
        using var peer = new ServiceBusPeer();
        await using var connection = ManagedIdentity(peer, new FakeTokenSource(TimeProvider.System, TimeSpan.FromHours(1)), TimeProvider.System);
        var subscriber = new AmqpMessageSubscriber(connection, new RecordingLogger<AmqpMessageSubscriber>());
        var handler = new TestHandler(_ => MessageSettlement.Release, _ => MessageSettlement.Reject("not for me"));
        using var stop = new CancellationTokenSource();
        var run = subscriber.RunAsync(MessagingTopics.AccessEvents, "relay-1", handler, stop.Token);

        peer.Deliver(AmqpMessages.ToAmqp(Disabled));
        peer.Deliver(AmqpMessages.ToAmqp(Disabled with { MessageId = "m-2" }));
        await Eventually(() => peer.Dispositions.Count == 2);

        Assert.Equal([$"put-token {Audience}/subscriptions/relay-1", "attach access-events/subscriptions/relay-1"], peer.Events);
        Assert.Equal(1, handler.Subscribed);
        var states = peer.Dispositions.ToArray();
        var modified = Assert.IsType<Modified>(states[0]);
        Assert.True(modified.DeliveryFailed);
        var rejected = Assert.IsType<Rejected>(states[1]);
        Assert.Equal(("paralus:rejected", "not for me"), (rejected.Error.Condition.ToString(), rejected.Error.Description));

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(subscriber.IsSubscribed);
    }

    [Fact]
    public async Task SasKey_SignsInWithSaslPlain_AndNeedsNoCbs()
    {
        const string key = "k+y/with=URL%characters";
        using var peer = new ServiceBusPeer(plain: ("RootManageSharedAccessKey", key));
        await using var connection = new AmqpBrokerConnection(new MessagingOptions
        {
            Broker = MessageBrokerKind.ServiceBus, Namespace = ServiceBusPeer.Namespace, SasKeyName = "RootManageSharedAccessKey", SasKey = key,
        }, new FakeTokenSource(TimeProvider.System, TimeSpan.FromHours(1)), TimeProvider.System, _log, Endpoint(peer));
        await using var publisher = new AmqpMessagePublisher(connection, new RecordingLogger<AmqpMessagePublisher>());

        await publisher.PublishAsync(MessagingTopics.AccessEvents, Disabled, CancellationToken.None);

        Assert.Empty(peer.Tokens);
        Assert.Equal(["attach access-events"], peer.Events);
        _log.AssertNeverMentions(key);
    }

    [Fact]
    public async Task SasKey_AWrongKey_IsAnUnavailableBroker()
    {
        using var peer = new ServiceBusPeer(plain: ("RootManageSharedAccessKey", "right"));
        await using var connection = new AmqpBrokerConnection(new MessagingOptions
        {
            Broker = MessageBrokerKind.ServiceBus, Namespace = ServiceBusPeer.Namespace, SasKeyName = "RootManageSharedAccessKey", SasKey = "wr0ng-k3y",
        }, new FakeTokenSource(TimeProvider.System, TimeSpan.FromHours(1)), TimeProvider.System, _log, Endpoint(peer));
        var publisherLog = new RecordingLogger<AmqpMessagePublisher>();
        await using var publisher = new AmqpMessagePublisher(connection, publisherLog);

        await Assert.ThrowsAsync<MessagingUnavailableException>(() => publisher.PublishAsync(MessagingTopics.AccessEvents, Disabled, CancellationToken.None));
        Assert.True(_log.Logged(5002));
        _log.AssertNeverMentions("wr0ng-k3y");
        publisherLog.AssertNeverMentions("wr0ng-k3y");
    }

    private AmqpBrokerConnection ManagedIdentity(ServiceBusPeer peer, IAccessTokenSource tokens, TimeProvider time) => new(new MessagingOptions
    {
        Broker = MessageBrokerKind.ServiceBus, Namespace = ServiceBusPeer.Namespace, UseManagedIdentity = true,
    }, tokens, time, _log, Endpoint(peer));

    private static BrokerEndpoint Endpoint(ServiceBusPeer peer) => new("127.0.0.1", peer.Port, UseTls: false);

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(25);
        Assert.True(condition());
    }
}
