using Paralus.Domain.Directory;
using Paralus.Domain.Policy;

namespace Paralus.Functions.Access;

/// <summary>Compiles a policy snapshot once per directory revision; the store keeps the newest.</summary>
public sealed class PolicySnapshotCache
{
    private readonly PolicySnapshotStore _store = new();
    private readonly Lock _building = new();

    public PolicySnapshot For(DirectoryView view)
    {
        var current = _store.Current;
        if (current.Version == view.Revision) return current;
        lock (_building)
        {
            current = _store.Current;
            if (current.Version == view.Revision) return current;
            var built = PolicySnapshot.Build(view.State, view.Revision);
            _store.TryPublish(built);
            return built;
        }
    }
}
