using Microsoft.Extensions.Options;
using Paralus.Infrastructure.Coordination;
using Paralus.Infrastructure.Messaging;
using Paralus.Relay.Access;
using Paralus.Relay.Configuration;

namespace Paralus.Relay.Coordination;

/// <summary>
/// This relay's subscription to access events. An event newer than the snapshot triggers a refresh at once (which
/// ends open streams and tells agents, see <see cref="AccessChangeEnforcer"/>); one at or below the snapshot's
/// revision is a duplicate or arrived late and changes nothing. After every (re)subscription the relay refreshes, so
/// what was published while it was not listening is not missed. Malformed messages are dead-lettered with the reason.
/// </summary>
internal sealed partial class AccessEventListener(
    IMessageSubscriber subscriber,
    RelayDirectory directory,
    IOptions<MessagingOptions> messaging,
    IOptions<RelayOptions> options,
    ILogger<AccessEventListener> logger) : BackgroundService, IMessageHandler
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        messaging.Value.Broker == MessageBrokerKind.None
            ? Task.CompletedTask
            : subscriber.RunAsync(MessagingTopics.AccessEvents, options.Value.EffectiveRelayId, this, stoppingToken);

    public async Task OnSubscribedAsync(CancellationToken cancellationToken)
    {
        LogSubscribed(logger, options.Value.EffectiveRelayId);
        await directory.RefreshAsync(cancellationToken);
    }

    public async Task<MessageSettlement> HandleAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        var (accessEvent, refusal) = AccessEventMessage.Parse(message);
        // The subscriber logs the rejection with its reason and dead-letters the message.
        if (accessEvent is null) return MessageSettlement.Reject(refusal!);

        var current = directory.Current;
        if (current is not null && accessEvent.OrganizationId != current.View.Organization.Id) return MessageSettlement.Accept;
        if (current is not null && accessEvent.Revision <= current.View.Revision)
        {
            LogAlreadyApplied(logger, accessEvent.Type, accessEvent.Revision, current.View.Revision);
            return MessageSettlement.Accept;
        }

        // Storage failures propagate: the subscriber releases the message and it comes back.
        await directory.RefreshAsync(cancellationToken);
        LogApplied(logger, accessEvent.Type, accessEvent.Revision);
        return MessageSettlement.Accept;
    }

    [LoggerMessage(EventId = 2401, Level = LogLevel.Information, Message = "Subscribed to access events as {Subscription}")]
    private static partial void LogSubscribed(ILogger logger, string subscription);

    [LoggerMessage(EventId = 2403, Level = LogLevel.Debug, Message = "Access event {Type} at revision {Revision} already applied (snapshot at {Current})")]
    private static partial void LogAlreadyApplied(ILogger logger, string type, long revision, long current);

    [LoggerMessage(EventId = 2404, Level = LogLevel.Information, Message = "Applied access event {Type} at revision {Revision}")]
    private static partial void LogApplied(ILogger logger, string type, long revision);
}
