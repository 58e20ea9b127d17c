using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Paralus.Domain.Audit;
using Paralus.Infrastructure.Messaging;
using Paralus.Relay.Configuration;

namespace Paralus.Relay.Audit;

/// <summary>
/// Sends recorded events to the <c>audit</c> queue in batches (up to <see cref="KubectlAuditBatch.MaxEvents"/>, gathered
/// for <see cref="RelayOptions.AuditBatchWindow"/>). While the broker is away, batches go to <see cref="AuditSpool"/>
/// and are sent again, oldest first, once it is back; at shutdown what is still queued is spooled. Delivery is at
/// least once: ingestion stores each event under its id, so a batch sent twice changes nothing.
/// </summary>
internal sealed partial class AuditShipper(KubectlAuditRecorder recorder, AuditSpool spool, IMessagePublisher publisher, IOptions<RelayOptions> options,
    TimeProvider time, ILogger<AuditShipper> logger) : BackgroundService
{
    private static readonly TimeSpan ReplayInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var events = recorder.Events;
        try
        {
            while (true)
            {
                var waiting = await WaitForEventsAsync(events, spool.IsEmpty ? Timeout.InfiniteTimeSpan : ReplayInterval, stoppingToken);
                if (!spool.IsEmpty) await ReplayAsync(stoppingToken);
                if (!waiting) continue;
                await Task.Delay(options.Value.AuditBatchWindow, time, stoppingToken);
                while (Take(events) is { Count: > 0 } batch) await SendOrSpoolAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: below.
        }

        recorder.Complete();
        while (Take(events) is { Count: > 0 } rest) Spool(Guid.NewGuid().ToString("N"), new KubectlAuditBatch(rest).ToJson(), rest.Count);
    }

    private async Task<bool> WaitForEventsAsync(ChannelReader<KubectlAuditEvent> events, TimeSpan limit, CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(limit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        try
        {
            return await events.WaitToReadAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static List<KubectlAuditEvent> Take(ChannelReader<KubectlAuditEvent> events)
    {
        var batch = new List<KubectlAuditEvent>();
        while (batch.Count < KubectlAuditBatch.MaxEvents && events.TryRead(out var next)) batch.Add(next);
        return batch;
    }

    private async Task SendOrSpoolAsync(List<KubectlAuditEvent> batch, CancellationToken stoppingToken)
    {
        var id = Guid.NewGuid().ToString("N");
        var body = new KubectlAuditBatch(batch).ToJson();
        // Behind what is spooled already, or with the broker known to be away: straight to disk.
        if (spool.IsEmpty && await TrySendAsync(id, body, stoppingToken)) return;
        Spool(id, body, batch.Count);
    }

    private void Spool(string id, byte[] body, int events)
    {
        if (spool.TryAdd(id, body, events)) LogSpooled(logger, events);
    }

    private async Task ReplayAsync(CancellationToken stoppingToken)
    {
        foreach (var (id, file) in spool.Oldest())
        {
            if (!await TrySendAsync(id, await File.ReadAllBytesAsync(file, stoppingToken), stoppingToken)) return;
            spool.Remove(file);
            LogReplayed(logger, id);
        }
    }

    private async Task<bool> TrySendAsync(string id, byte[] body, CancellationToken stoppingToken)
    {
        try
        {
            await publisher.PublishAsync(MessagingTopics.Audit, new OutgoingMessage(id, KubectlAuditBatch.MessageType, KubectlAuditBatch.SchemaVersion, body), stoppingToken);
            return true;
        }
        catch (MessagingUnavailableException e)
        {
            LogBrokerAway(logger, e.Message);
            return false;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping mid-send: the batch is not known to have arrived, so it is spooled (or stays spooled).
            return false;
        }
    }

    [LoggerMessage(EventId = 2611, Level = LogLevel.Warning, Message = "Audit batch spooled to disk ({Events} events): the broker cannot take it now")]
    private static partial void LogSpooled(ILogger logger, int events);

    [LoggerMessage(EventId = 2612, Level = LogLevel.Information, Message = "Spooled audit batch {BatchId} sent")]
    private static partial void LogReplayed(ILogger logger, string batchId);

    [LoggerMessage(EventId = 2613, Level = LogLevel.Debug, Message = "Audit batch not sent: {Reason}")]
    private static partial void LogBrokerAway(ILogger logger, string reason);
}
