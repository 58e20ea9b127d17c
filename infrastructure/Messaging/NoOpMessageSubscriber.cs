using Microsoft.Extensions.Logging;

namespace Paralus.Infrastructure.Messaging;

/// <summary>Broker = None: never subscribed; waits until cancelled so a hosted consumer needs no special case.</summary>
internal sealed partial class NoOpMessageSubscriber(ILogger<NoOpMessageSubscriber> logger) : IMessageSubscriber
{
    public bool IsSubscribed => false;

    public Task RunAsync(string topic, string subscription, IMessageHandler handler, CancellationToken cancellationToken) => WaitAsync(topic, cancellationToken);

    public Task RunQueueAsync(string queue, IMessageHandler handler, CancellationToken cancellationToken) => WaitAsync(queue, cancellationToken);

    private async Task WaitAsync(string topic, CancellationToken cancellationToken)
    {
        LogOff(logger, topic);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopped: the same as a real subscriber.
        }
    }

    [LoggerMessage(EventId = 5042, Level = LogLevel.Information, Message = "Messaging is off: not subscribing to {Topic}")]
    private static partial void LogOff(ILogger logger, string topic);
}
