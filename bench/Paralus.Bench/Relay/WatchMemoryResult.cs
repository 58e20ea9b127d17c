namespace Paralus.Bench.Relay;

/// <summary>What holding <see cref="Streams"/> watches open cost this process, and how long opening them took.</summary>
internal sealed record WatchMemoryResult(string Target, int Streams, MemoryReading Delta, TimeSpan OpenTime)
{
    public double ManagedKbPerStream => Delta.ManagedBytes / 1024.0 / Streams;

    public double WorkingSetKbPerStream => Delta.WorkingSetBytes / 1024.0 / Streams;
}
