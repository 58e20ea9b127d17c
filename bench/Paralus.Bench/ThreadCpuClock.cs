using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Paralus.Bench;

/// <summary>
/// CPU time consumed by the calling thread. On a machine shared with other work, wall-clock time also
/// counts the time the thread waited for a core; "per second on one core" means per second of this.
/// Falls back to wall-clock time where the thread clock is unavailable.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    public static bool IsAvailable { get; } = OperatingSystem.IsLinux() && TryRead(out _);

    public static TimeSpan Now() => IsAvailable && TryRead(out var now) ? now : Stopwatch.GetElapsedTime(0);

    private static bool TryRead(out TimeSpan now)
    {
        now = default;
        if (ClockGetTime(ClockThreadCpuTimeId, out var value) != 0) return false;
        now = TimeSpan.FromTicks(value.Seconds * TimeSpan.TicksPerSecond + value.Nanoseconds / 100);
        return true;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out TimeSpec value);
}
