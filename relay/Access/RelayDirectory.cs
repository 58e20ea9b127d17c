using Microsoft.Extensions.Options;
using Paralus.Core.Policy;
using Paralus.Core.Storage;
using Paralus.Relay.Hosting;

namespace Paralus.Relay.Access;

/// <summary>
/// The relay's in-memory copy of the organization's directory and its compiled policy, refreshed from Table
/// Storage in the background (one point read per interval; a full reload only when the revision moved), so
/// deciding a request never waits on storage.
/// </summary>
internal sealed partial class RelayDirectory(
    DirectoryRepository repository,
    DirectoryViewCache views,
    IOptions<RelayOptions> options,
    TimeProvider time,
    ILogger<RelayDirectory> logger) : BackgroundService
{
    private RelaySnapshot? _current;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RelaySnapshot? Current => Volatile.Read(ref _current);

    public Task Ready => _ready.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SnapshotRefreshInterval, time);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Storage away: keep deciding from the last snapshot and try again next tick.
                LogRefreshFailed(logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var organizationId = Current?.View.Organization.Id
            ?? await repository.FindOrganizationIdAsync(options.Value.OrganizationName, cancellationToken)
            ?? throw new InvalidOperationException($"organization '{options.Value.OrganizationName}' does not exist yet");
        var view = await views.GetAsync(organizationId, cancellationToken);
        if (Current?.View.Revision == view.Revision) return;
        Volatile.Write(ref _current, new RelaySnapshot(view, PolicySnapshot.Build(view.State, view.Revision)));
        _ready.TrySetResult();
        LogRefreshed(logger, view.Revision);
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Debug, Message = "Policy snapshot now at directory revision {Revision}")]
    private static partial void LogRefreshed(ILogger logger, long revision);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Could not refresh the policy snapshot: {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string reason);
}
