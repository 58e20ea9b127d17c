using System.Text;
using Amqp;
using Paralus.Infrastructure.Messaging;
using Paralus.Testing;

namespace Paralus.Infrastructure.Tests.Messaging;

/// <summary>Publisher, subscribers and a raw dead-letter reader on the test broker, each test with its own connection.</summary>
internal sealed class LocalMessaging : IAsyncDisposable
{
    private readonly List<(Task Run, CancellationTokenSource Stop)> _runs = [];

    public LocalMessaging(RabbitMqBroker broker, Action<MessagingOptions>? configure = null)
    {
        Broker = broker;
        Options = broker.CreateMessagingOptions();
        Options.MaxReconnectDelay = TimeSpan.FromMilliseconds(500);
        Options.OperationTimeout = TimeSpan.FromSeconds(2);
        configure?.Invoke(Options);
        Connection = new AmqpBrokerConnection(Options, new FakeTokenSource(TimeProvider.System, TimeSpan.FromHours(1)), TimeProvider.System,
            ConnectionLog, BrokerEndpoint.From(Options));
        Publisher = new AmqpMessagePublisher(Connection, PublisherLog);
    }

    public RabbitMqBroker Broker { get; }

    public MessagingOptions Options { get; }

    public AmqpBrokerConnection Connection { get; }

    public AmqpMessagePublisher Publisher { get; }

    public RecordingLogger<AmqpBrokerConnection> ConnectionLog { get; } = new();

    public RecordingLogger<AmqpMessagePublisher> PublisherLog { get; } = new();

    public RecordingLogger<AmqpMessageSubscriber> SubscriberLog { get; } = new();

    public static OutgoingMessage Message(string type = "user.disabled", string? body = null) =>
        new(Guid.NewGuid().ToString("N"), type, 1, Encoding.UTF8.GetBytes(body ?? "{\"user\":\"ann\"}"));

    public Task PublishAsync(OutgoingMessage message) => Publisher.PublishAsync(MessagingTopics.AccessEvents, message, CancellationToken.None);

    /// <summary>Starts a subscriber and waits until it is attached and its handler was told, so nothing published after is missed.</summary>
    public async Task<(AmqpMessageSubscriber Subscriber, Task Run, CancellationTokenSource Stop)> SubscribeAsync(TestHandler handler, string? subscription = null)
    {
        var subscriber = new AmqpMessageSubscriber(Connection, SubscriberLog);
        var stop = new CancellationTokenSource();
        var run = subscriber.RunAsync(MessagingTopics.AccessEvents, subscription ?? $"relay-{Guid.NewGuid():N}", handler, stop.Token);
        _runs.Add((run, stop));
        await Eventually(() => subscriber.IsSubscribed && handler.Subscribed > 0 || run.IsCompleted);
        Assert.False(run.IsCompleted, "the subscriber stopped by itself");
        return (subscriber, run, stop);
    }

    /// <summary>Reads the dead-letter queue until the message with <paramref name="messageId"/> turns up (others are taken too).</summary>
    public async Task<Message> DeadLetteredAsync(string messageId)
    {
        var connection = await new ConnectionFactory().CreateAsync(new Address(Broker.Host, Broker.Port, Broker.UserName, Broker.Password, "/", "amqp"));
        try
        {
            var receiver = new ReceiverLink(new Session(connection), $"dead-letters-{Guid.NewGuid():N}", "/amq/queue/access-events.dead-letter");
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow < deadline)
            {
                var message = await receiver.ReceiveAsync(TimeSpan.FromSeconds(1));
                if (message is null) continue;
                receiver.Accept(message);
                if (message.Properties?.MessageId == messageId) return message;
            }

            throw new TimeoutException($"message {messageId} was not dead-lettered");
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    public static async Task Eventually(Func<bool> condition, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(25);
        Assert.True(condition());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (run, stop) in _runs)
        {
            await stop.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(10));
            stop.Dispose();
        }

        await Publisher.DisposeAsync();
        await Connection.DisposeAsync();
        ConnectionLog.AssertNeverMentions(Broker.Password);
        PublisherLog.AssertNeverMentions(Broker.Password);
        SubscriberLog.AssertNeverMentions(Broker.Password);
    }
}
