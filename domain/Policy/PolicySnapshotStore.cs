namespace Paralus.Domain.Policy;

/// <summary>
/// Holds the snapshot readers decide with. Readers take <see cref="Current"/> once per request and use
/// that object throughout; writers publish whole new snapshots. Directory events may arrive out of
/// order, so a snapshot older than the one held is ignored.
/// </summary>
public sealed class PolicySnapshotStore(PolicySnapshot initial)
{
    private PolicySnapshot _current = initial ?? throw new ArgumentNullException(nameof(initial));

    public PolicySnapshotStore() : this(PolicySnapshot.Empty)
    {
    }

    public PolicySnapshot Current => Volatile.Read(ref _current);

    /// <summary>
    /// Makes <paramref name="snapshot"/> current unless the held one has a higher version.
    /// Returns false when it was ignored as older.
    /// </summary>
    public bool TryPublish(PolicySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var held = Volatile.Read(ref _current);
        while (snapshot.Version >= held.Version)
        {
            var seen = Interlocked.CompareExchange(ref _current, snapshot, held);
            if (ReferenceEquals(seen, held)) return true;
            held = seen;
        }

        return false;
    }
}
