namespace Paralus.Bench.Relay;

/// <summary>
/// The small GETs again with the proxy tier on a core of its own, as deployed, where relays and agents do not run on
/// the apiserver's or the client's machine: the bench process (client, sandbox, control plane) is kept on CPU 0 in
/// every run, and the relay and agent processes, or nginx, on the other CPUs. A fresh stack with the relay as a
/// process of its own, since the shared-cores stack hosts it in the bench process. The paths take turns for a few
/// rounds, as in the shared-cores run: a single cell can catch a moment when the machine itself slows down.
/// </summary>
internal static class SeparateCoresRun
{
    public const string ClientCpus = "0";

    /// <summary>kubectl's default; the shared-cores run has both.</summary>
    public const ClientProtocol Protocol = ClientProtocol.Http2;

    public static string ProxyCpus => $"1-{Environment.ProcessorCount - 1}";

    public static async Task<SeparateCoresResult> RunAsync(string? nginxExecutable, int concurrency, int rounds, TimeSpan warmUp, TimeSpan measured, TextWriter progress)
    {
        progress.WriteLine($"starting a stack with relay and agent as processes on CPUs {ProxyCpus}…");
        // No users are added during these runs, so the relays need not poll storage often.
        await using var stack = await RelayBenchStack.StartAsync(new RelayBenchOptions
        {
            AgentInOwnProcess = true,
            RelayInOwnProcess = true,
            ProxyCpus = ProxyCpus,
            SnapshotRefreshInterval = TimeSpan.FromSeconds(30),
        });
        await using var nginx = nginxExecutable is null ? null : await NginxProxy.StartAsync(nginxExecutable, stack.Sandbox.Url, stack.Sandbox.AdminToken, ProxyCpus);
        var (targets, accounted) = RelayBenchmark.PathsOf(stack, nginx);

        CpuAffinity.Set(Environment.ProcessId, ClientCpus);
        try
        {
            var gets = await GetRounds.MeasureInTurnAsync(targets, rounds, concurrency, Protocol, warmUp, measured, accounted, $", proxy tier on CPUs {ProxyCpus}", progress);
            return new SeparateCoresResult(targets.Select(t => t.Name).ToList(), accounted.Select(p => p.Name).Distinct().ToList(), gets);
        }
        finally
        {
            CpuAffinity.Set(Environment.ProcessId, CpuAffinity.AllCpus);
        }
    }
}
