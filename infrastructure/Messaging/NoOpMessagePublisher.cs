using Microsoft.Extensions.Logging;

namespace Paralus.Infrastructure.Messaging;

/// <summary>Broker = None: nothing is sent; relays find changes by refreshing their snapshot.</summary>
internal sealed partial class NoOpMessagePublisher(ILogger<NoOpMessagePublisher> logger) : IMessagePublisher
{
    public Task PublishAsync(string topic, OutgoingMessage message, CancellationToken cancellationToken)
    {
        LogDropped(logger, message.Type, message.MessageId, topic);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 5041, Level = LogLevel.Debug, Message = "Messaging is off: {Type} message {MessageId} for {Topic} not sent")]
    private static partial void LogDropped(ILogger logger, string type, string messageId, string topic);
}
