namespace Paralus.Relay.Access;

/// <summary>
/// What runs after <see cref="RelayDirectory"/> swaps in a new snapshot, before the next one: applying it to what is
/// already running (open requests, connected agents) is not this folder's business, so it is handed over here.
/// </summary>
internal interface ISnapshotChangeHandler
{
    Task ApplyAsync(RelaySnapshot before, RelaySnapshot after, CancellationToken cancellationToken);
}
