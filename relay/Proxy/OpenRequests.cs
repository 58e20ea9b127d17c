using System.Collections.Concurrent;

namespace Paralus.Relay.Proxy;

/// <summary>Every request this relay is forwarding, so those of a user who lost access can be ended at once.</summary>
internal sealed class OpenRequests
{
    // Every request adds and removes itself; more lock stripes than the default (one per core) keep them from queueing.
    private readonly ConcurrentDictionary<long, OpenRequest> _open = new(concurrencyLevel: 64, capacity: 1024);
    private long _next;

    public int Count => _open.Count;

    public IEnumerable<OpenRequest> All => _open.Values;

    /// <summary>Tracks the request until the returned handle is disposed.</summary>
    public Registration Track(OpenRequest request)
    {
        var id = Interlocked.Increment(ref _next);
        _open[id] = request;
        return new Registration(this, id);
    }

    public readonly struct Registration(OpenRequests owner, long id) : IDisposable
    {
        public void Dispose() => owner._open.TryRemove(id, out _);
    }
}
