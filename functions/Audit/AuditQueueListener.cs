using Paralus.Infrastructure.Messaging;

namespace Paralus.Functions.Audit;

/// <summary>
/// Outside the Functions host (local runs, tests) nobody fires the Service Bus trigger, so this hosted service
/// consumes the <c>audit</c> queue from the local broker and hands each batch to the same ingestion the trigger calls.
/// </summary>
internal sealed class AuditQueueListener(IMessageSubscriber subscriber, KubectlAuditIngestion ingestion) : BackgroundService, IMessageHandler
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => subscriber.RunQueueAsync(MessagingTopics.Audit, this, stoppingToken);

    public Task OnSubscribedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<MessageSettlement> HandleAsync(ReceivedMessage message, CancellationToken cancellationToken) => ingestion.IngestAsync(message, cancellationToken);
}
