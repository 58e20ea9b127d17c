using System.Diagnostics;
using Paralus.Testing;

namespace Paralus.Bench.Relay;

/// <summary>
/// A Paralus component (the agent or a relay) as a process of its own, as in production, where the agent runs in a
/// pod of its own and relays in containers: memory and CPU read in the bench process then count it apart. Runs the
/// build next to the bench's (<c>&lt;component&gt;/bin/Release/net10.0</c>), optionally on given CPUs only.
/// </summary>
internal sealed class ComponentProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ComponentProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    /// <param name="component">The folder and assembly suffix: <c>agent</c> or <c>relay</c>.</param>
    /// <param name="cpus">A <see cref="CpuAffinity"/> CPU list the process and all its threads are kept on; null for any.</param>
    public static ComponentProcess Start(string component, IReadOnlyDictionary<string, string?> settings, string? cpus = null)
    {
        var folder = RepositoryPaths.Combine(component, "bin", "Release", "net10.0");
        var dll = Path.Combine(folder, $"Paralus.{char.ToUpperInvariant(component[0])}{component[1..]}.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: build the solution in Release first (bench/run.sh does)");
        var start = CpuAffinity.StartInfo(cpus, "dotnet", dll);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = folder;
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"the {component} process did not start");
        // Drained so a chatty component never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ComponentProcess(process);
    }

    public bool HasExited => _process.HasExited;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
