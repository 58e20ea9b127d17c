using System.Runtime.InteropServices;

namespace Paralus.Bench;

/// <summary>
/// What a reader needs to compare numbers between runs: cores, CPU, runtime, OS, and the load average
/// when the run started, since the machine may be shared with other work.
/// </summary>
internal sealed record MachineInfo(int Cores, string Cpu, string Runtime, string OperatingSystem, string GcMode, string LoadAverage)
{
    public static MachineInfo Current() => new(
        Environment.ProcessorCount,
        CpuModel(),
        RuntimeInformation.FrameworkDescription,
        RuntimeInformation.OSDescription,
        System.Runtime.GCSettings.IsServerGC ? "server GC" : "workstation GC",
        LoadAverageNow());

    public override string ToString() => $"{Cores} cores ({Cpu}), {Runtime}, {OperatingSystem}, {GcMode}; load average at start {LoadAverage}";

    private static string LoadAverageNow()
    {
        const string loadAverage = "/proc/loadavg";
        return File.Exists(loadAverage) ? string.Join(' ', File.ReadAllText(loadAverage).Split(' ').Take(3)) : "unknown";
    }

    private static string CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (!File.Exists(cpuInfo)) return RuntimeInformation.ProcessArchitecture.ToString();
        var line = File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':') + 1)..].Trim();
    }
}
