using Microsoft.Extensions.Options;
using Paralus.Domain.Policy;
using Paralus.Infrastructure.Messaging;
using Paralus.Infrastructure.Storage;
using Paralus.Relay.Configuration;

namespace Paralus.Relay.Access;

/// <summary>
/// The relay's in-memory copy of the organization's directory and its compiled policy, so deciding a request never
/// waits on storage. Refreshed when an access event arrives (<see cref="Coordination.AccessEventListener"/>), and
/// polled as a safety net: often while no event subscription is attached, rarely while one is. Each new snapshot
/// is applied to running requests and connected agents (<see cref="ISnapshotChangeHandler"/>).
/// </summary>
internal sealed partial class RelayDirectory(
    DirectoryRepository repository,
    DirectoryViewCache views,
    ISnapshotChangeHandler enforcer,
    IMessageSubscriber subscriber,
    IOptions<RelayOptions> options,
    TimeProvider time,
    ILogger<RelayDirectory> logger) : BackgroundService
{
    private RelaySnapshot? _current;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private long _lastCatchUpTicks;

    /// <summary>At most this often does a credential of an unknown user make the relay read the directory.</summary>
    private static readonly TimeSpan CatchUpInterval = TimeSpan.FromSeconds(1);

    public RelaySnapshot? Current => Volatile.Read(ref _current);

    public Task Ready => _ready.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
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
            var interval = subscriber.IsSubscribed ? options.Value.SubscribedRefreshInterval : options.Value.SnapshotRefreshInterval;
            await Task.Delay(interval, time, stoppingToken);
        }
    }

    /// <summary>
    /// A genuine credential names a user this relay does not know: read the directory now rather than refuse someone
    /// created a moment ago whose access event is still on its way. At most once per <see cref="CatchUpInterval"/>, so
    /// credentials of deleted users cannot make the relay read storage on every request. Returns the current snapshot.
    /// </summary>
    public async Task<RelaySnapshot?> CatchUpAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _lastCatchUpTicks);
        if (now - last >= CatchUpInterval.Ticks && Interlocked.CompareExchange(ref _lastCatchUpTicks, now, last) == last)
        {
            try
            {
                await RefreshAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRefreshFailed(logger, e.Message);
            }
        }
        return Current;
    }

    /// <summary>Brings the snapshot up to the directory's current revision; one refresh at a time, so snapshots only move forward.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            var before = Current;
            var organizationId = before?.View.Organization.Id
                ?? await repository.FindOrganizationIdAsync(options.Value.OrganizationName, cancellationToken)
                ?? throw new InvalidOperationException($"organization '{options.Value.OrganizationName}' does not exist yet");
            var view = await views.GetAsync(organizationId, cancellationToken);
            if (before is not null && view.Revision <= before.View.Revision) return;
            var after = new RelaySnapshot(view, PolicySnapshot.Build(view.State, view.Revision));
            Volatile.Write(ref _current, after);
            _ready.TrySetResult();
            LogRefreshed(logger, view.Revision);
            if (before is null) return;
            try
            {
                await enforcer.ApplyAsync(before, after, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The snapshot already moved: a retry would find nothing new to apply, so say loudly what was missed.
                LogEnforcementFailed(logger, view.Revision, e);
            }
        }
        finally
        {
            _refreshing.Release();
        }
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Debug, Message = "Policy snapshot now at directory revision {Revision}")]
    private static partial void LogRefreshed(ILogger logger, long revision);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Error, Message = "Applying directory revision {Revision} to open requests and agents failed")]
    private static partial void LogEnforcementFailed(ILogger logger, long revision, Exception exception);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Could not refresh the policy snapshot: {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string reason);
}
