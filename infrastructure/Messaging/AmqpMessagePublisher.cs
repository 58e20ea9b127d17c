using System.Collections.Concurrent;
using Amqp;
using Amqp.Framing;
using Microsoft.Extensions.Logging;

namespace Paralus.Infrastructure.Messaging;

/// <summary>
/// Publishes over the shared connection through one sender link per target address, kept for reuse (per topic on
/// Service Bus; per topic and message type locally, where the type is the exchange routing key). A publish
/// completes when the broker has accepted the message; anything else, within <see cref="MessagingOptions.OperationTimeout"/>,
/// is a <see cref="MessagingUnavailableException"/>.
/// </summary>
internal sealed partial class AmqpMessagePublisher(AmqpBrokerConnection broker, ILogger<AmqpMessagePublisher> logger) : IMessagePublisher, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, PublishLink> _links = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _attachGate = new(1, 1);

    public async Task PublishAsync(string topic, OutgoingMessage message, CancellationToken cancellationToken)
    {
        var options = broker.Options;
        var target = MessagingAddresses.PublishTarget(options.Broker, topic, message.Type);
        using var timeout = new CancellationTokenSource(options.OperationTimeout, broker.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        PublishLink? link = null;
        try
        {
            link = await GetLinkAsync(target, linked.Token);
            var outcome = await SendAsync(link, AmqpMessages.ToAmqp(message), linked.Token);
            if (outcome is Accepted) return;
            // Refused, released or left unsettled: this link is suspect, a fresh one is cheap.
            Drop(target, link);
            throw Unavailable(topic, message, $"the broker answered {Describe(outcome)}", null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException e)
        {
            // A broker that does not answer in time is treated as gone: the next publish starts from a new connection.
            if (link is not null)
            {
                Drop(target, link);
                await broker.DropAsync(link.Sender.Session.Connection);
            }

            throw Unavailable(topic, message, $"no answer within {options.OperationTimeout.TotalSeconds:0.#} s", e);
        }
        catch (Exception e) when (e is not MessagingUnavailableException)
        {
            if (link is not null) Drop(target, link);
            throw Unavailable(topic, message, e.Message, e);
        }
    }

    private async Task<PublishLink> GetLinkAsync(string target, CancellationToken cancellationToken)
    {
        if (_links.TryGetValue(target, out var link) && !link.Sender.IsClosed) return link;
        await _attachGate.WaitAsync(cancellationToken);
        try
        {
            if (_links.TryGetValue(target, out link) && !link.Sender.IsClosed) return link;
            if (link is not null) Drop(target, link);
            var session = await broker.OpenSessionAsync(target, cancellationToken);
            try
            {
                var sender = await AmqpLinks.AttachAsync(
                    onAttached => new SenderLink(session, $"paralus-publish-{target}-{Guid.NewGuid():N}", new Target { Address = target }, onAttached),
                    cancellationToken);
                link = new PublishLink(sender, AmqpLinks.ClosedAsync(sender));
                _links[target] = link;
                return link;
            }
            catch
            {
                AmqpLinks.CloseQuietly(session);
                throw;
            }
        }
        finally
        {
            _attachGate.Release();
        }
    }

    /// <summary>Waits for the outcome, or for the link to be closed under the message (a lost connection settles nothing).</summary>
    private static async Task<Outcome> SendAsync(PublishLink link, Message message, CancellationToken cancellationToken)
    {
        var settled = new TaskCompletionSource<Outcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        link.Sender.Send(message, (_, _, outcome, _) => settled.TrySetResult(outcome), null);
        var first = await Task.WhenAny(settled.Task, link.Closed).WaitAsync(cancellationToken);
        if (first == settled.Task) return await settled.Task;
        throw new AmqpException(ErrorCode.DetachForced, $"the link was closed before the broker settled the message ({await link.Closed})");
    }

    private void Drop(string target, PublishLink link)
    {
        _links.TryRemove(KeyValuePair.Create(target, link));
        AmqpLinks.CloseQuietly(link.Sender.Session);
    }

    private MessagingUnavailableException Unavailable(string topic, OutgoingMessage message, string reason, Exception? inner)
    {
        LogPublishFailed(logger, message.Type, message.MessageId, topic, reason);
        return new MessagingUnavailableException($"Could not publish {message.Type} message {message.MessageId} to {topic}: {reason}", inner);
    }

    private static string Describe(Outcome? outcome) => outcome switch
    {
        Rejected rejected => $"rejected ({AmqpLinks.Describe(rejected.Error)})",
        Released => "released",
        Modified => "modified",
        null => "nothing",
        _ => outcome.GetType().Name,
    };

    public ValueTask DisposeAsync()
    {
        foreach (var (target, link) in _links) Drop(target, link);
        return ValueTask.CompletedTask;
    }

    private sealed record PublishLink(SenderLink Sender, Task<string> Closed);

    [LoggerMessage(EventId = 5021, Level = LogLevel.Warning, Message = "Publishing {Type} message {MessageId} to {Topic} failed: {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, string type, string messageId, string topic, string reason);
}
