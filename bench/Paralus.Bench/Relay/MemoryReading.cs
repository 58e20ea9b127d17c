using System.Diagnostics;
using System.Runtime;

namespace Paralus.Bench.Relay;

/// <summary>This process's managed heap and working set, read after a full compacting collection.</summary>
internal readonly record struct MemoryReading(long ManagedBytes, long WorkingSetBytes)
{
    public static MemoryReading Take()
    {
        for (var i = 0; i < 2; i++)
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        using var process = Process.GetCurrentProcess();
        return new MemoryReading(GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64);
    }

    public static MemoryReading operator -(MemoryReading after, MemoryReading before) =>
        new(after.ManagedBytes - before.ManagedBytes, after.WorkingSetBytes - before.WorkingSetBytes);
}
