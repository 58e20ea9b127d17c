using System.Threading.Channels;

namespace Paralus.Sandbox.Storage;

/// <summary>
/// A live feed of store changes. <see cref="Backlog"/> holds the events a watch must replay
/// before the live ones, taken under the same lock so nothing falls between the two.
/// </summary>
internal sealed class WatchSubscription(ResourceStore store, IReadOnlyList<StoreEvent> backlog) : IDisposable
{
    public IReadOnlyList<StoreEvent> Backlog { get; } = backlog;

    internal Channel<StoreEvent> Channel { get; } = System.Threading.Channels.Channel.CreateUnbounded<StoreEvent>(
        new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<StoreEvent> Events => Channel.Reader;

    public void Dispose() => store.Unsubscribe(this);
}
