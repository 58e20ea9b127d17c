using System.Diagnostics;
using Paralus.Testing;

namespace Paralus.Bench.Relay;

/// <summary>
/// The agent as its own process (as in a cluster, where it runs in a pod of its own), so memory read in the bench
/// process counts the relay without the agent. Runs the build next to the bench's: agent/bin/Release/net10.0.
/// </summary>
internal sealed class AgentProcess : IAsyncDisposable
{
    private readonly Process _process;

    private AgentProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public static AgentProcess Start(IReadOnlyDictionary<string, string?> settings)
    {
        var dll = RepositoryPaths.Combine("agent", "bin", "Release", "net10.0", "Paralus.Agent.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: build the solution in Release first (bench/run.sh does)");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("the agent process did not start");
        // Drained so a chatty agent never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new AgentProcess(process);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
