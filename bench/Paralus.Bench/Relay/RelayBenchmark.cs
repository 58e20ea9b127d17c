using System.Globalization;
using System.Text;

namespace Paralus.Bench.Relay;

/// <summary>
/// The kubectl path side by side: the sandbox apiserver directly, through a plain nginx, and through relay, tunnel
/// and agent. Small GETs (latency, throughput, CPU per request), many open watches (memory per stream), an upgraded
/// echo stream (exec-like throughput) and a user's first request. Everything runs in this process except Azurite,
/// the agent and nginx.
/// </summary>
internal sealed class RelayBenchmark : IBenchmark
{
    private const int Watches = 2_000;
    private const int WatchBatch = 100;
    private const int StreamBytes = 64 * 1024 * 1024;
    private const int FirstRequestSamples = 8;
    private static readonly int[] Concurrencies = [1, 32];
    private static readonly ClientProtocol[] Protocols = [ClientProtocol.Http2, ClientProtocol.Http11];
    // At the busiest concurrency every path runs this many times in turn; the tables show the median round.
    private const int BusiestRounds = 5;
    private const int SeparateCoresRounds = 3;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Measured = TimeSpan.FromSeconds(5);
    private const string BenchProcess = "bench process";
    private const string Relay = "relay";
    private const string Agent = "agent";
    private const string Nginx = "nginx";

    public string Name => "relay";

    public string Description => "relay vs direct vs nginx: small GETs, watch memory, stream throughput, first request";

    public BenchmarkReport Run(TextWriter progress) => RunAsync(progress).GetAwaiter().GetResult();

    private static async Task<BenchmarkReport> RunAsync(TextWriter progress)
    {
        var report = await SharedCoresAsync(progress);
        if (!CpuAffinity.Available)
        {
            report.AddSection("**Proxy tier on a core of its own**: left out; it needs util-linux `taskset` and two CPUs.");
            return report;
        }
        var separate = await SeparateCoresRun.RunAsync(NginxProxy.FindExecutable(), Concurrencies.Max(), SeparateCoresRounds, TimeSpan.FromSeconds(5), Measured, progress);
        AddSeparateCores(report, separate);
        return report;
    }

    private static async Task<BenchmarkReport> SharedCoresAsync(TextWriter progress)
    {
        progress.WriteLine("starting Azurite, control plane, sandbox, relay and agent (a process of its own)…");
        await using var stack = await RelayBenchStack.StartAsync(new RelayBenchOptions { AgentInOwnProcess = true });
        var nginxExecutable = NginxProxy.FindExecutable();
        await using var nginx = nginxExecutable is null ? null : await NginxProxy.StartAsync(nginxExecutable, stack.Sandbox.Url, stack.Sandbox.AdminToken);
        var (targets, accounted) = PathsOf(stack, nginx);

        var gets = new Dictionary<(string Target, ClientProtocol Protocol, int Concurrency), GetRounds>();
        foreach (var protocol in Protocols)
        {
            foreach (var concurrency in Concurrencies)
            {
                var rounds = concurrency == Concurrencies.Max() ? BusiestRounds : 1;
                var cells = await GetRounds.MeasureInTurnAsync(targets, rounds, concurrency, protocol, WarmUp, Measured, accounted, setting: "", progress);
                foreach (var (name, cell) in cells) gets[(name, protocol, concurrency)] = cell;
            }
        }

        var streams = new Dictionary<string, double>();
        foreach (var target in targets)
        {
            progress.WriteLine($"echo stream of {StreamBytes / (1024 * 1024)} MiB through {target.Name}…");
            streams[target.Name] = await EchoStreamThroughput.MeasureAsync(target, StreamBytes);
        }

        progress.WriteLine($"first requests of {FirstRequestSamples} new users…");
        var first = await FirstRequestProbe.MeasureAsync(stack, FirstRequestSamples);

        progress.WriteLine($"{Watches:N0} watches directly to the sandbox, each on its own connection…");
        var directWatches = await WatchMemoryProbe.MeasureAsync(stack.Direct, Watches, WatchBatch, http2: false, progress);
        await Task.Delay(TimeSpan.FromSeconds(1));
        progress.WriteLine($"{Watches:N0} watches directly to the sandbox over HTTP/2…");
        var directH2Watches = await WatchMemoryProbe.MeasureAsync(stack.Direct, Watches, WatchBatch, http2: true, progress);
        await Task.Delay(TimeSpan.FromSeconds(1));
        progress.WriteLine($"{Watches:N0} watches through the relay…");
        var relayWatches = await WatchMemoryProbe.MeasureAsync(stack.Relay, Watches, WatchBatch, http2: false, progress);

        return Report(targets, accounted.Select(p => p.Name).ToList(), gets, streams, first, [directWatches, directH2Watches, relayWatches], nginx is not null);
    }

    /// <summary>
    /// The ways to the sandbox (direct, nginx when installed, relay) and the processes whose CPU time they cost: the
    /// bench process (client, sandbox, and the relay unless it runs as a process), the relay and agent processes, nginx.
    /// </summary>
    internal static (List<HttpTarget> Targets, List<ProcessCpu> Accounted) PathsOf(RelayBenchStack stack, NginxProxy? nginx)
    {
        var targets = new List<HttpTarget> { stack.Direct };
        if (nginx is not null) targets.Add(nginx.Target);
        targets.Add(stack.Relay);

        var accounted = new List<ProcessCpu> { ProcessCpu.ThisProcess(BenchProcess) };
        accounted.AddRange(stack.RelayPids.Select(pid => new ProcessCpu(Relay, pid)));
        if (stack.AgentPid is { } agentPid) accounted.Add(new ProcessCpu(Agent, agentPid));
        if (nginx is not null) accounted.Add(new ProcessCpu(Nginx, nginx.Pid, WithChildren: true));
        return (targets, accounted);
    }

    private static BenchmarkReport Report(List<HttpTarget> targets, List<string> accounted, Dictionary<(string Target, ClientProtocol Protocol, int Concurrency), GetRounds> gets,
        Dictionary<string, double> streams, FirstRequestResult first, WatchMemoryResult[] watches, bool withNginx)
    {
        var setup = new StringBuilder();
        setup.AppendLine("Azurite and the agent run as child processes; the control plane, the sandbox apiserver and the relay run in this process, all on loopback; ");
        setup.AppendLine("client → relay and agent → relay are TLS; the relay forwards over WebSocket data connections the agent dialled (requests multiplexed as HTTP/2, upgrades one per HTTP/1.1 connection), the agent joins each HTTP/2 data connection to an HTTPS (HTTP/2) connection of its own to the sandbox, rewriting only request headers, and serves upgrades with Kestrel and YARP. ");
        setup.AppendLine(withNginx
            ? "nginx is a private instance (2 workers, TLS on a loopback port, `proxy_pass https://` to the sandbox with upstream keep-alive, `proxy_ssl_verify off`)."
            : "**nginx not installed** (`apt-get install -y nginx`): the nginx column is left out.");
        var busiest = Concurrencies.Max();
        setup.AppendLine().AppendLine($"**Small GET** `/{RelayBenchStack.PodPath}` (one pod object): HttpClient, N workers in a closed loop, each on a kept-alive " +
            "connection of its own (as N kubectl processes would), over HTTP/2 (kubectl's default: client-go configures HTTP/2 on every TLS transport) and over " +
            $"HTTP/1.1 (kubectl with `DISABLE_HTTP2` set); {WarmUp.TotalSeconds:0} s warm-up then {Measured.TotalSeconds:0} s measured per cell, cells one after " +
            $"another. At c={busiest} every path runs {BusiestRounds} times in turn (direct, nginx, relay, direct, …); the table shows each path's median round " +
            "and a share of direct is the median of the rounds' shares.");
        setup.AppendLine().AppendLine($"| path | protocol | c=1 p50 ms | c=1 p99 ms | c=1 req/s | c={busiest} p50 ms | c={busiest} p99 ms | c={busiest} req/s |");
        setup.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var protocol in Protocols)
        {
            foreach (var target in targets)
            {
                setup.Append($"| {target.Name} | {protocol.Name()} ");
                foreach (var concurrency in Concurrencies)
                {
                    var cell = gets[(target.Name, protocol, concurrency)].Median;
                    setup.Append($"| {Ms(cell.P50Ms)} | {Ms(cell.P99Ms)} | {cell.RequestsPerSecond:N0}{(cell.Failures > 0 ? $" ({cell.Failures} failed)" : "")} ");
                }
                setup.AppendLine("|");
            }
        }
        setup.AppendLine().AppendLine($"Share of direct throughput at c={busiest}, round by round:").AppendLine();
        foreach (var protocol in Protocols)
        {
            foreach (var target in targets.Where(t => t.Name != "direct"))
            {
                var shares = gets[(target.Name, protocol, busiest)].SharesOf(gets[("direct", protocol, busiest)]);
                setup.AppendLine($"- {target.Name}, {protocol.Name()}: {string.Join(", ", shares.Select(Percent))}");
            }
        }

        setup.AppendLine().AppendLine($"**CPU per request** at c={busiest} (µs of user + system time over the measured phase of the median round, per request): the bench process holds the client, " +
            "the sandbox and the relay; the agent and nginx (master and workers) are processes of their own. The direct path's total is what the client and the " +
            "apiserver cost; every other path's total above it is what that proxy adds. On this machine every process shares the same cores, so throughput " +
            "falls as the total rises.");
        setup.AppendLine().AppendLine($"| path | protocol | {string.Join(" | ", accounted)} | total |");
        setup.AppendLine($"|---|---|{string.Concat(accounted.Select(_ => "---:|"))}---:|");
        foreach (var protocol in Protocols)
        {
            foreach (var target in targets)
            {
                var cpu = gets[(target.Name, protocol, busiest)].Median.CpuMicrosecondsPerRequest;
                setup.AppendLine($"| {target.Name} | {protocol.Name()} | {string.Join(" | ", accounted.Select(a => cpu[a].ToString("N0", CultureInfo.InvariantCulture)))} | {cpu.Values.Sum():N0} |");
            }
        }

        setup.AppendLine().AppendLine($"**Stream throughput**: SPDY/3.1 upgrade of `/sandbox/echo-upgrade` (101, then every byte echoed), " +
            $"{StreamBytes / (1024 * 1024)} MiB written in 64 KiB chunks while reading the echo back on the same connection, after a 1 MiB warm-up; MB/s = 10^6 payload bytes per second (each byte crosses every hop twice).");
        setup.AppendLine().AppendLine("| path | MB/s |").AppendLine("|---|---:|");
        foreach (var target in targets) setup.AppendLine($"| {target.Name} | {streams[target.Name]:N0} |");

        var (directWatches, directH2Watches, relayWatches) = (watches[0], watches[1], watches[2]);
        setup.AppendLine().AppendLine($"**Open watches**: `GET …/pods?watch=1` held open, opened in batches of {WatchBatch} by a client process of its own " +
            "(each watch on its own HTTP/1.1 connection, as separate kubectl processes would; in the HTTP/2 run multiplexed, as the agent reaches the apiserver); " +
            "memory of this process (managed heap and working set after a full compacting GC) before and after, one batch opened and closed first. " +
            "This process holds the sandbox and the relay; the agent runs as a process of its own (as in a cluster). Through the relay, the sandbox serves the " +
            "watches as HTTP/2 streams from the agent, so the relay's own cost is the relay run minus the direct HTTP/2 run.");
        setup.AppendLine().AppendLine("| run | streams | opened in | managed Δ | working set Δ | managed KB/stream | working set KB/stream |");
        setup.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var run in watches)
        {
            setup.AppendLine($"| {run.Target} | {run.Streams:N0} | {run.OpenTime.TotalSeconds:N1} s | {Mib(run.Delta.ManagedBytes)} | {Mib(run.Delta.WorkingSetBytes)} | " +
                $"{run.ManagedKbPerStream:N1} | {run.WorkingSetKbPerStream:N1} |");
        }
        var (managedKb, workingSetKb) = (relayWatches.ManagedKbPerStream - directH2Watches.ManagedKbPerStream, relayWatches.WorkingSetKbPerStream - directH2Watches.WorkingSetKbPerStream);
        setup.AppendLine($"| relay (relay − {directH2Watches.Target}) | | | | | {managedKb:N1} | {workingSetKb:N1} |");

        setup.AppendLine().AppendLine($"**First request** (medians of {first.Samples} samples, interleaved): the first GET of the pod on a new connection — " +
            "directly, through the relay as an already-served user, and through the relay as a user it has never served (each sample a fresh user) — " +
            $"and {FirstRequestProbe.WarmRequestsPerUser} warm GETs on each new user's connection afterwards. A new user's first request is where the agent " +
            "creates their JIT service account and bindings and fetches a token; the new-user extra is that cost.");
        setup.AppendLine().AppendLine("| warm (relay) | new connection, direct | new connection, served user (relay) | new connection, new user (relay) | new user extra |");
        setup.AppendLine("|---:|---:|---:|---:|---:|");
        setup.AppendLine($"| {Ms(first.WarmMs)} ms | {Ms(first.DirectNewConnectionMs)} ms | {Ms(first.KnownUserNewConnectionMs)} ms | {Ms(first.NewUserNewConnectionMs)} ms | {Ms(first.NewUserExtraMs)} ms |");

        var report = new BenchmarkReport("Relay benchmark", setup.ToString().TrimEnd());
        foreach (var protocol in Protocols)
        {
            var over = protocol.Name();
            var (direct1, relay1) = (gets[("direct", protocol, 1)].Median, gets[("relay", protocol, 1)].Median);
            var (direct32, relay32) = (gets[("direct", protocol, busiest)], gets[("relay", protocol, busiest)]);
            var throughputShare = relay32.MedianShareOf(direct32);
            var addedP50 = relay1.P50Ms - direct1.P50Ms;
            report.Add($"relay / direct throughput, small GET at c={busiest}, {over}", Percent(throughputShare), "≥ 50 %", throughputShare >= 0.5);
            report.Add($"relay added p50, small GET at c=1, {over}", $"{Ms(addedP50)} ms", "≤ 1 ms", addedP50 <= 1);
            var directCpu = direct32.Median.CpuMicrosecondsPerRequest.Values.Sum();
            report.Add($"CPU per request at c={busiest}, relay path / direct, {over}", $"{relay32.Median.CpuMicrosecondsPerRequest.Values.Sum():N0} / {directCpu:N0} µs");
            if (!withNginx) continue;
            var (nginx1, nginx32) = (gets[("nginx", protocol, 1)].Median, gets[("nginx", protocol, busiest)]);
            report.Add($"nginx / direct throughput, small GET at c={busiest}, {over}", Percent(nginx32.MedianShareOf(direct32)));
            report.Add($"nginx added p50, small GET at c=1, {over}", $"{Ms(nginx1.P50Ms - direct1.P50Ms)} ms");
            report.Add($"relay / nginx throughput, small GET at c={busiest}, {over}", Percent(relay32.MedianShareOf(nginx32)));
            report.Add($"CPU per request at c={busiest}, nginx path / direct, {over}", $"{nginx32.Median.CpuMicrosecondsPerRequest.Values.Sum():N0} / {directCpu:N0} µs");
        }
        report.Add($"relay working set per open watch ({Watches:N0} open)", $"{workingSetKb:N1} KB", "≤ 50 KB", workingSetKb <= 50);
        report.Add($"relay managed heap per open watch ({Watches:N0} open)", $"{managedKb:N1} KB");
        report.Add("relay / direct stream throughput", Percent(streams["relay"] / streams["direct"]));
        report.Add("extra latency of a new user's first request (JIT provisioning)", $"{Ms(first.NewUserExtraMs)} ms", "≤ 100 ms", first.NewUserExtraMs <= 100);
        report.Add("first request on a new connection vs warm (relay)", $"+{Ms(first.KnownUserNewConnectionMs - first.WarmMs)} ms");
        return report;
    }

    private static void AddSeparateCores(BenchmarkReport report, SeparateCoresResult run)
    {
        var section = new StringBuilder();
        var concurrency = run.Gets.Values.First().Median.Concurrency;
        section.AppendLine($"**Proxy tier on a core of its own**: the same small GET at c={concurrency} over {SeparateCoresRun.Protocol.Name()} with the bench process (client, sandbox, control plane) kept on " +
            $"CPU {SeparateCoresRun.ClientCpus} in every run, and the relay and the agent (each a process of its own here) or nginx on CPUs {SeparateCoresRun.ProxyCpus}, " +
            $"as when relays and agents run on machines of their own; a fresh stack, then {SeparateCoresRounds} rounds in turn (5 s warm-up, then measured); each path's median round, " +
            "and a share of direct is the median of the rounds' shares. CPU per request in µs as above.");
        section.AppendLine().AppendLine($"| path | c={concurrency} p50 ms | p99 ms | req/s | {string.Join(" | ", run.Accounted)} |");
        section.AppendLine($"|---|---:|---:|---:|{string.Concat(run.Accounted.Select(_ => "---:|"))}");
        foreach (var target in run.Targets)
        {
            var cell = run.Gets[target].Median;
            section.AppendLine($"| {target} | {Ms(cell.P50Ms)} | {Ms(cell.P99Ms)} | {cell.RequestsPerSecond:N0}{(cell.Failures > 0 ? $" ({cell.Failures} failed)" : "")} | " +
                $"{string.Join(" | ", run.Accounted.Select(a => cell.CpuMicrosecondsPerRequest.GetValueOrDefault(a).ToString("N0", CultureInfo.InvariantCulture)))} |");
        }
        var direct = run.Gets["direct"];
        section.AppendLine().AppendLine("Share of direct throughput, round by round:").AppendLine();
        foreach (var target in run.Targets.Where(t => t != "direct")) section.AppendLine($"- {target}: {string.Join(", ", run.Gets[target].SharesOf(direct).Select(Percent))}");
        report.AddSection(section.ToString());

        var share = run.Gets[Relay].MedianShareOf(direct);
        report.Add($"relay / direct throughput, small GET at c={concurrency}, {SeparateCoresRun.Protocol.Name()}, proxy tier on its own core", Percent(share), "≥ 50 %", share >= 0.5);
        if (run.Gets.TryGetValue(Nginx, out var nginx))
            report.Add($"nginx / direct throughput, small GET at c={concurrency}, {SeparateCoresRun.Protocol.Name()}, proxy tier on its own core", Percent(nginx.MedianShareOf(direct)));
    }

    private static string Ms(double milliseconds) => milliseconds.ToString("N2", CultureInfo.InvariantCulture);

    private static string Mib(long bytes) => $"{bytes / (1024.0 * 1024):N1} MiB";

    private static string Percent(double share) => share.ToString("P0", CultureInfo.InvariantCulture);
}
