using System.Threading.Channels;
using Paralus.Infrastructure.Coordination;
using Paralus.Infrastructure.Storage;

namespace Paralus.Functions.Coordination;

/// <summary>
/// Publishes access events as soon as a commit has written them, off the request path: an API call never waits on
/// the broker, and a broker that is down costs nothing but a retry here (the outbox keeps the events, and the
/// "outbox-dispatch" timer function is the safety net if this instance goes away).
/// </summary>
internal sealed partial class OutboxDispatcher(AccessEventOutbox outbox, TimeProvider time, ILogger<OutboxDispatcher> logger) : BackgroundService, IOutboxObserver
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(15);

    private readonly Channel<string> _pending = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    public void OnOutboxWritten(string organizationId) => _pending.Writer.TryWrite(organizationId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var organizations = new HashSet<string>(StringComparer.Ordinal);
        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (organizations.Count == 0) organizations.Add(await _pending.Reader.ReadAsync(stoppingToken));
            // One dispatch drains everything pending, so a burst of commits costs one pass.
            while (_pending.Reader.TryRead(out var more)) organizations.Add(more);

            foreach (var organizationId in organizations.ToArray())
            {
                try
                {
                    await outbox.DispatchAsync(organizationId, stoppingToken);
                    organizations.Remove(organizationId);
                    retry = FirstRetry;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogDispatchFailed(logger, organizationId, retry.TotalSeconds, e.Message);
                }
            }

            if (organizations.Count > 0)
            {
                await Task.Delay(retry, time, stoppingToken);
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, MaxRetry.Ticks));
            }
        }
    }

    [LoggerMessage(EventId = 1601, Level = LogLevel.Warning, Message = "Could not publish access events of organization {OrganizationId} (retrying in {RetrySeconds:F1} s): {Reason}")]
    private static partial void LogDispatchFailed(ILogger logger, string organizationId, double retrySeconds, string reason);
}
