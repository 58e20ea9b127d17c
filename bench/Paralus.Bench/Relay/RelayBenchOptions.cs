namespace Paralus.Bench.Relay;

/// <summary>
/// The shape of a <see cref="RelayBenchStack"/>: how many relays the agent holds tunnels to, and whether access
/// events reach them through a local broker or only through their storage poll.
/// </summary>
internal sealed record RelayBenchOptions
{
    public int Relays { get; init; } = 1;

    /// <summary>Run the agent as a process of its own (<see cref="ComponentProcess"/>) instead of in the bench process.</summary>
    public bool AgentInOwnProcess { get; init; }

    /// <summary>Run each relay as a process of its own (<see cref="ComponentProcess"/>) instead of in the bench process.</summary>
    public bool RelayInOwnProcess { get; init; }

    /// <summary>The CPUs (a <see cref="CpuAffinity"/> list) the agent and relay processes are kept on; null for any.</summary>
    public string? ProxyCpus { get; init; }

    /// <summary>A RabbitMqBroker carrying access events from the control plane to every relay.</summary>
    public bool WithBroker { get; init; }

    /// <summary>
    /// Users (see <see cref="RelayBenchStack.CreateUsersAsync"/>) created before any relay starts, so that no relay
    /// re-reads the directory for each of them, named <see cref="UserPrefix"/>-0, -1, …
    /// </summary>
    public int Users { get; init; }

    public string UserPrefix { get; init; } = "user";

    /// <summary>The relays (by index, run in this process) that record no kubectl audit, to measure what recording costs.</summary>
    public IReadOnlySet<int> AuditOffRelays { get; init; } = new HashSet<int>();

    /// <summary>The relays' storage poll while no access-event subscription is attached.</summary>
    public TimeSpan SnapshotRefreshInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The same while one is attached (with a broker).</summary>
    public TimeSpan SubscribedRefreshInterval { get; init; } = TimeSpan.FromSeconds(60);
}
