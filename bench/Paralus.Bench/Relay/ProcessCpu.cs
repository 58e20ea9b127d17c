using System.Diagnostics;
using System.Globalization;

namespace Paralus.Bench.Relay;

/// <summary>
/// A process whose CPU time a load run accounts for, with its direct children when it works through them (nginx's
/// workers): read from /proc before and after the measured phase, so each path's cost per request shows where the
/// time goes.
/// </summary>
internal sealed record ProcessCpu(string Name, int Pid, bool WithChildren = false)
{
    /// <summary>This process alone: the agent, nginx and Azurite are its children and are accounted apart.</summary>
    public static ProcessCpu ThisProcess(string name) => new(name, Environment.ProcessId);

    /// <summary>User and system time used so far by the process (and its children, if asked); zero once it is gone.</summary>
    public TimeSpan Used()
    {
        var total = TimeSpan.Zero;
        foreach (var pid in WithChildren ? ChildrenOf(Pid).Prepend(Pid) : [Pid])
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                total += process.TotalProcessorTime;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // Exited in between: its time is no longer readable.
            }
        }
        return total;
    }

    private static IEnumerable<int> ChildrenOf(int parent)
    {
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(folder, "stat"));
            }
            catch (IOException)
            {
                continue;
            }
            // "pid (comm) state ppid …": the command may contain spaces, so count fields after its closing parenthesis.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields.Length > 1 && fields[1] == parent.ToString(CultureInfo.InvariantCulture)) yield return pid;
        }
    }
}
