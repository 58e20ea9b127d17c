using Microsoft.Extensions.Options;
using Paralus.Infrastructure.Storage;
using Paralus.Relay.Access;
using Paralus.Relay.Configuration;

namespace Paralus.Relay.Tunnels;

/// <summary>
/// Tells the control plane, every few seconds, which clusters this relay holds tunnels to; <c>paralus get clusters</c>
/// shows them as connected relays and last seen. Storage being away only delays the next report.
/// </summary>
internal sealed partial class ClusterPresenceReporter(
    TunnelRegistry registry,
    RelayDirectory directory,
    ClusterPresenceLog presence,
    IOptions<RelayOptions> options,
    TimeProvider time,
    ILogger<ClusterPresenceReporter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var relayId = settings.EffectiveRelayId;
        using var timer = new PeriodicTimer(settings.PresenceInterval, time);
        var tableReady = false;
        do
        {
            if (directory.Current?.View.Organization.Id is not { } organizationId) continue;
            try
            {
                if (!tableReady)
                {
                    await presence.EnsureTableAsync(stoppingToken);
                    tableReady = true;
                }
                var now = time.GetUtcNow();
                foreach (var clusterId in registry.ConnectedClusters())
                {
                    await presence.ReportAsync(organizationId, clusterId, relayId, now, stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogReportFailed(logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 2501, Level = LogLevel.Warning, Message = "Could not report connected clusters: {Reason}")]
    private static partial void LogReportFailed(ILogger logger, string reason);
}
