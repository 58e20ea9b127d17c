using System.Diagnostics;

namespace Paralus.Bench;

/// <summary>Measures a stretch of work by the wall clock and by the calling thread's CPU time together.</summary>
internal readonly struct RunTimer
{
    private readonly long _wallStart;
    private readonly TimeSpan _cpuStart;

    private RunTimer(long wallStart, TimeSpan cpuStart)
    {
        _wallStart = wallStart;
        _cpuStart = cpuStart;
    }

    public static RunTimer Start() => new(Stopwatch.GetTimestamp(), ThreadCpuClock.Now());

    public (TimeSpan Wall, TimeSpan Cpu) Stop()
    {
        var cpu = ThreadCpuClock.Now() - _cpuStart;
        return (Stopwatch.GetElapsedTime(_wallStart), cpu);
    }
}
