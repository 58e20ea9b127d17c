using System.Diagnostics;
using System.Globalization;

namespace Paralus.Bench.Relay;

/// <summary>
/// Keeps processes on chosen CPUs with util-linux <c>taskset</c> (CPU lists like <c>0</c> or <c>0-1</c>), so a
/// benchmark can give the proxy tier a core of its own, as it has a machine of its own when deployed.
/// </summary>
internal static class CpuAffinity
{
    private const string Taskset = "/usr/bin/taskset";

    public static bool Available => File.Exists(Taskset) && Environment.ProcessorCount >= 2;

    /// <summary>Every CPU of this machine, as a list <c>taskset</c> takes.</summary>
    public static string AllCpus => $"0-{Environment.ProcessorCount - 1}";

    /// <summary>How to start <paramref name="program"/>: through <c>taskset -c CPUS</c> when <paramref name="cpus"/> is given.</summary>
    public static ProcessStartInfo StartInfo(string? cpus, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(cpus is null ? program : Taskset) { UseShellExecute = false };
        if (cpus is not null)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(cpus);
            start.ArgumentList.Add(program);
        }
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return start;
    }

    /// <summary>Moves a running process and every one of its threads onto <paramref name="cpus"/>; threads it starts later inherit that.</summary>
    public static void Set(int pid, string cpus)
    {
        using var taskset = Process.Start(new ProcessStartInfo(Taskset, ["-a", "-p", "-c", cpus, pid.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var errors = taskset.StandardError.ReadToEnd();
        taskset.StandardOutput.ReadToEnd();
        taskset.WaitForExit();
        if (taskset.ExitCode != 0) throw new InvalidOperationException($"taskset -a -p -c {cpus} {pid} failed: {errors}");
    }
}
