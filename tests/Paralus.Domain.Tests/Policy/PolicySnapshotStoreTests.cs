using Paralus.Domain.Policy;

namespace Paralus.Domain.Tests.Policy;

public sealed class PolicySnapshotStoreTests
{
    [Fact]
    public void TryPublish_NewerVersion_Replaces()
    {
        var store = new PolicySnapshotStore();
        var next = PolicySnapshot.Build(SeedDirectory.State, 3);

        Assert.True(store.TryPublish(next));
        Assert.Same(next, store.Current);
    }

    [Fact]
    public void TryPublish_OlderVersion_IsIgnored()
    {
        var current = PolicySnapshot.Build(SeedDirectory.State, 5);
        var store = new PolicySnapshotStore(current);

        Assert.False(store.TryPublish(PolicySnapshot.Build(SeedDirectory.State, 4)));
        Assert.Same(current, store.Current);
    }

    [Fact]
    public void TryPublish_ConcurrentOutOfOrder_EndsWithHighestVersion()
    {
        var snapshots = Enumerable.Range(1, 64).Select(v => PolicySnapshot.Build(SeedDirectory.State, v)).Reverse().ToArray();
        var store = new PolicySnapshotStore();

        Parallel.ForEach(snapshots, snapshot => store.TryPublish(snapshot));

        Assert.Equal(64, store.Current.Version);
    }
}
