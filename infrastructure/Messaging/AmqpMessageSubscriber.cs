using System.Threading.Channels;
using Amqp;
using Amqp.Framing;
using Amqp.Types;
using Microsoft.Extensions.Logging;

namespace Paralus.Infrastructure.Messaging;

/// <summary>
/// Consumes one subscription over the shared connection: a receiver link holding at most Prefetch messages, handed to
/// the handler one at a time in arrival order and settled as it decides. A lost link is attached again with jittered
/// exponential backoff, and the handler told so it can catch up on what went by meanwhile.
/// </summary>
internal sealed partial class AmqpMessageSubscriber(AmqpBrokerConnection broker, ILogger<AmqpMessageSubscriber> logger) : IMessageSubscriber
{
    private static readonly TimeSpan InitialReconnectDelay = TimeSpan.FromMilliseconds(100);

    // A subscription that lasted this long was healthy: the next loss starts the backoff from the beginning.
    private static readonly TimeSpan HealthySubscription = TimeSpan.FromSeconds(30);

    private static readonly Symbol RejectedCondition = new("paralus:rejected");

    private int _running;
    private volatile bool _subscribed;

    public bool IsSubscribed => _subscribed;

    public Task RunAsync(string topic, string subscription, IMessageHandler handler, CancellationToken cancellationToken) =>
        RunOneAsync(MessagingAddresses.SubscriptionSource(broker.Options.Broker, topic, subscription), subscription, handler, cancellationToken);

    public Task RunQueueAsync(string queue, IMessageHandler handler, CancellationToken cancellationToken) =>
        RunOneAsync(MessagingAddresses.QueueSource(broker.Options.Broker, queue), queue, handler, cancellationToken);

    private async Task RunOneAsync(string source, string subscription, IMessageHandler handler, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
            throw new InvalidOperationException("This subscriber is already running; IsSubscribed describes one subscription.");
        try
        {
            await RunLoopAsync(source, subscription, handler, cancellationToken);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    private async Task RunLoopAsync(string source, string subscription, IMessageHandler handler, CancellationToken cancellationToken)
    {
        var options = broker.Options;
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var startedAt = broker.Time.GetUtcNow();
            string reason;
            try
            {
                reason = await SubscribeOnceAsync(source, subscription, handler, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                reason = e.Message;
            }

            if (cancellationToken.IsCancellationRequested) break;
            if (broker.Time.GetUtcNow() - startedAt > HealthySubscription) failures = 0;
            var delay = Backoff(failures++, options.MaxReconnectDelay);
            LogSubscriptionLost(logger, subscription, source, reason, delay.TotalMilliseconds);
            try
            {
                await Task.Delay(delay, broker.Time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        LogStopped(logger, subscription, source);
    }

    /// <summary>Attaches, lets the handler catch up, consumes until the link is lost (returns why) or the run is cancelled (throws).</summary>
    private async Task<string> SubscribeOnceAsync(string source, string subscription, IMessageHandler handler, CancellationToken cancellationToken)
    {
        var options = broker.Options;
        ReceiverLink link;
        using (var timeout = new CancellationTokenSource(options.OperationTimeout, broker.Time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
        {
            var session = await broker.OpenSessionAsync(source, linked.Token);
            try
            {
                link = await AmqpLinks.AttachAsync(onAttached => new ReceiverLink(session, subscription, new Source { Address = source }, onAttached), linked.Token);
            }
            catch
            {
                AmqpLinks.CloseQuietly(session);
                throw;
            }
        }

        var inbox = Channel.CreateUnbounded<Message>(new UnboundedChannelOptions { SingleReader = true });
        var lost = AmqpLinks.ClosedAsync(link);
        _ = lost.ContinueWith(_ => inbox.Writer.TryComplete(), TaskScheduler.Default);
        _subscribed = true;
        LogSubscribed(logger, subscription, source);
        try
        {
            await handler.OnSubscribedAsync(cancellationToken);
            // Credit goes out a batch at a time, once the previous batch is all settled: RabbitMQ 3.10 counts a flow's
            // link-credit from its own delivery count, so a top-up while deliveries are in flight lets it send more
            // than granted, and AMQPNetLite then fails the connection. With nothing in flight both sides agree.
            link.Start(0, (_, message) => inbox.Writer.TryWrite(message));
            link.SetCredit(options.Prefetch, CreditMode.Manual);
            var settledInBatch = 0;
            var failures = new DeliveryFailures(capacity: 4096);
            await foreach (var message in inbox.Reader.ReadAllAsync(cancellationToken))
            {
                await DeliverAsync(link, message, handler, failures, cancellationToken);
                if (++settledInBatch < options.Prefetch) continue;
                settledInBatch = 0;
                link.SetCredit(options.Prefetch, CreditMode.Manual);
            }

            return await lost;
        }
        finally
        {
            _subscribed = false;
            // Prefetched but never handed out: back to the broker for the next consumer (or this one, re-attached).
            while (inbox.Reader.TryRead(out var unhandled)) Settle(link, unhandled, MessageSettlement.Release);
            await CloseAsync(link, options.OperationTimeout);
        }
    }

    private async Task DeliverAsync(ReceiverLink link, Message message, IMessageHandler handler, DeliveryFailures failures, CancellationToken cancellationToken)
    {
        var maxDeliveries = broker.Options.MaxDeliveryCount;
        var received = AmqpMessages.ToReceived(message, 0);
        var key = DeliveryFailures.KeyOf(message, received.Body.Span);
        var deliveryCount = Math.Max(message.Header?.DeliveryCount ?? 0, failures.CountOf(key));
        received = received with { DeliveryCount = deliveryCount };
        var lastTry = deliveryCount + 1 >= maxDeliveries;
        MessageSettlement settlement;
        try
        {
            settlement = await handler.HandleAsync(received, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down mid-message: it was not handled, so it is not a failure either.
            Settle(link, message, MessageSettlement.Release);
            throw;
        }
        catch (Exception e)
        {
            LogHandlerFailed(logger, e, received.Type, received.MessageId, deliveryCount + 1, maxDeliveries);
            settlement = lastTry ? MessageSettlement.Reject(e.Message) : MessageSettlement.Release;
        }

        if (settlement.Kind == MessageSettlementKind.Release && lastTry)
            settlement = MessageSettlement.Reject($"released on each of its {deliveryCount + 1} deliveries");

        if (settlement.Kind == MessageSettlementKind.Release) failures.Add(key);
        else failures.Forget(key);
        if (settlement.Kind == MessageSettlementKind.Reject) LogRejected(logger, received.Type, received.MessageId, settlement.Reason);
        Settle(link, message, settlement);
    }

    private void Settle(ReceiverLink link, Message message, MessageSettlement settlement)
    {
        try
        {
            switch (settlement.Kind)
            {
                case MessageSettlementKind.Accept:
                    link.Accept(message);
                    break;
                case MessageSettlementKind.Reject:
                    link.Reject(message, new Error(RejectedCondition) { Description = settlement.Reason });
                    break;
                case MessageSettlementKind.Release when broker.Options.Broker == MessageBrokerKind.ServiceBus:
                    // Counts as a failed delivery there, so Service Bus's own max delivery count applies too.
                    link.Modify(message, deliveryFailed: true, undeliverableHere: false);
                    break;
                default:
                    // RabbitMQ 3.10 ends the session on the modified outcome; released requeues the message.
                    link.Release(message);
                    break;
            }
        }
        catch (Exception e) when (e is AmqpException or ObjectDisposedException or InvalidOperationException)
        {
            // The link is gone: the broker puts the message back by itself; the loop notices the loss.
            LogSettleFailed(logger, settlement.Kind, e.Message);
        }
    }

    private static async Task CloseAsync(ReceiverLink link, TimeSpan timeout)
    {
        try
        {
            if (!link.IsClosed) await link.CloseAsync(timeout, null);
        }
        catch (Exception e) when (e is AmqpException or TimeoutException or ObjectDisposedException or InvalidOperationException)
        {
            // Closing a link on a dead connection: nothing to wait for.
        }

        AmqpLinks.CloseQuietly(link.Session);
    }

    /// <summary>Jittered over the upper half of an exponentially growing, capped window: after a broker restart relays come back spread out.</summary>
    private static TimeSpan Backoff(int failures, TimeSpan cap)
    {
        var ceiling = Math.Min(cap.TotalMilliseconds, InitialReconnectDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 20)));
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
    }

    [LoggerMessage(EventId = 5011, Level = LogLevel.Information, Message = "Subscription {Subscription} attached to {Source}")]
    private static partial void LogSubscribed(ILogger logger, string subscription, string source);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Warning, Message = "Subscription {Subscription} to {Source} lost: {Reason}; attaching again in {DelayMs:F0} ms")]
    private static partial void LogSubscriptionLost(ILogger logger, string subscription, string source, string reason, double delayMs);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Warning, Message = "Handler failed on {Type} message {MessageId} (delivery {Delivery} of at most {MaxDeliveries})")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string? type, string? messageId, uint delivery, int maxDeliveries);

    [LoggerMessage(EventId = 5014, Level = LogLevel.Warning, Message = "Dead-lettered {Type} message {MessageId}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string? type, string? messageId, string? reason);

    [LoggerMessage(EventId = 5015, Level = LogLevel.Debug, Message = "Could not settle a message ({Settlement}): {Reason}")]
    private static partial void LogSettleFailed(ILogger logger, MessageSettlementKind settlement, string reason);

    [LoggerMessage(EventId = 5016, Level = LogLevel.Information, Message = "Subscription {Subscription} to {Source} stopped")]
    private static partial void LogStopped(ILogger logger, string subscription, string source);
}
