using System.Globalization;
using Amqp;
using Amqp.Framing;
using Amqp.Sasl;
using Paralus.Infrastructure.Messaging;
using Paralus.Testing;

namespace Paralus.Infrastructure.Tests.Messaging;

/// <summary>
/// What Paralus relies on from the local broker that scripts/broker.sh starts, over raw AMQP 1.0: its sign-in, the
/// access-events fan-out to every relay, dead-lettering, durable audit messages, and staying on loopback.
/// </summary>
public sealed class LocalBrokerTests(LocalBrokerFixture fixture) : IClassFixture<LocalBrokerFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private const string AccessEvents = "/exchange/" + MessagingTopics.AccessEvents;
    private RabbitMqBroker Broker => fixture.Broker;

    [Fact]
    public async Task The_paralus_user_signs_in_and_a_wrong_password_guest_or_anonymous_does_not()
    {
        var connection = await Connection.Factory.CreateAsync(new Address(Broker.Uri.ToString()));
        await connection.CloseAsync();

        foreach (var (user, password) in new[] { (Broker.UserName, "wrong-password"), ("guest", "guest") })
        {
            var refused = await Assert.ThrowsAsync<AmqpException>(() =>
                Connection.Factory.CreateAsync(new Address(Broker.Host, Broker.Port, user, password, scheme: "AMQP")));
            Assert.Equal(ErrorCode.UnauthorizedAccess, refused.Error.Condition.ToString());
        }

        var anonymous = new ConnectionFactory { SASL = { Profile = SaslProfile.Anonymous } };
        await Assert.ThrowsAsync<AmqpException>(() => anonymous.CreateAsync(new Address(Broker.Host, Broker.Port, scheme: "AMQP")));
    }

    [Fact]
    public async Task An_access_event_reaches_every_relay_subscribed_to_the_exchange()
    {
        await using var relay1 = await ConnectAsync();
        await using var relay2 = await ConnectAsync();
        var receiver1 = await relay1.ReceiverAsync(AccessEvents + "/#");
        var receiver2 = await relay2.ReceiverAsync(AccessEvents + "/#");
        await using var functions = await ConnectAsync();

        var id = await functions.SendAsync(AccessEvents + "/user.deactivated", "{\"type\":\"user.deactivated\"}");

        foreach (var receiver in new[] { receiver1, receiver2 })
        {
            var message = await receiver.ReceiveAsync(Wait);
            Assert.NotNull(message);
            Assert.Equal(id, message.Properties.MessageId);
            Assert.Equal("{\"type\":\"user.deactivated\"}", message.Body);
            receiver.Accept(message);
        }
    }

    [Fact]
    public async Task A_rejected_access_event_lands_in_the_dead_letter_queue()
    {
        await using var relay = await ConnectAsync();
        var receiver = await relay.ReceiverAsync(AccessEvents + "/#");
        var id = await relay.SendAsync(AccessEvents + "/credential.revoked", "poison");

        var message = await receiver.ReceiveAsync(Wait);
        Assert.NotNull(message);
        receiver.Reject(message, new Error(new Amqp.Types.Symbol("paralus:unprocessable")) { Description = "test" });

        var deadLetters = await relay.ReceiverAsync("/amq/queue/access-events.dead-letter");
        Assert.Equal("poison", await ReceiveByIdAsync(deadLetters, id));
    }

    [Fact]
    public async Task A_durable_audit_message_survives_a_broker_restart_and_a_rejected_one_is_dead_lettered()
    {
        string id;
        await using (var relay = await ConnectAsync())
        {
            id = await relay.SendAsync("/amq/queue/audit", "audit event", durable: true);
        }

        await Broker.StopAsync();
        await Broker.StartAgainAsync();

        await using var ingestion = await ConnectAsync();
        var audit = await ingestion.ReceiverAsync("/amq/queue/audit");
        var message = await audit.ReceiveAsync(Wait);
        Assert.NotNull(message);
        Assert.Equal(id, message.Properties.MessageId);
        audit.Reject(message);

        Assert.Equal("audit event", await ReceiveByIdAsync(await ingestion.ReceiverAsync("/amq/queue/audit.dead-letter"), id));
    }

    [Fact]
    public void Nothing_of_the_broker_listens_beyond_loopback()
    {
        var listeners = ListeningSockets.Of(Broker.ProcessIds());

        Assert.Contains(listeners, l => l.Port == Broker.Port);
        Assert.All(listeners, l => Assert.True(l.IsLoopback, $"listening on {l.Address}:{l.Port}"));
    }

    /// <summary>Reads until the message with this id (other tests may have left messages in a shared queue).</summary>
    private static async Task<object?> ReceiveByIdAsync(ReceiverLink receiver, string id)
    {
        while (await receiver.ReceiveAsync(Wait) is { } message)
        {
            receiver.Accept(message);
            if (message.Properties.MessageId == id) return message.Body;
        }
        throw new Xunit.Sdk.XunitException($"message {id} did not arrive");
    }

    private async Task<AmqpClient> ConnectAsync() =>
        new(await Connection.Factory.CreateAsync(new Address(Broker.Uri.ToString())));

    /// <summary>One connection and session, with helpers for links on it.</summary>
    private sealed class AmqpClient(Connection connection) : IAsyncDisposable
    {
        private readonly Session _session = new(connection);
        private int _links;

        /// <summary>
        /// Returns once the broker answered the attach: only then is a receiver on an exchange bound to it, and
        /// messages published before that are not for it.
        /// </summary>
        public async Task<ReceiverLink> ReceiverAsync(string source)
        {
            var attached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var receiver = new ReceiverLink(_session, "receiver-" + Interlocked.Increment(ref _links), new Source { Address = source }, (_, _) => attached.TrySetResult());
            await attached.Task.WaitAsync(Wait);
            receiver.SetCredit(16);
            return receiver;
        }

        public async Task<string> SendAsync(string target, string body, bool durable = false)
        {
            var sender = new SenderLink(_session, "sender-" + Interlocked.Increment(ref _links), target);
            var id = Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);
            await sender.SendAsync(new Message(body) { Header = new Header { Durable = durable }, Properties = new Properties { MessageId = id } });
            await sender.CloseAsync();
            return id;
        }

        public async ValueTask DisposeAsync() => await connection.CloseAsync();
    }
}
