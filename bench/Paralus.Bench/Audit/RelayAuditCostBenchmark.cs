using System.Globalization;
using Paralus.Bench.Relay;

namespace Paralus.Bench.Audit;

/// <summary>
/// What kubectl audit costs the relay: two relays of one stack, the same agent and sandbox behind them, one recording
/// and one not; small GETs through each in turn, round after round. Once with no broker (the relay's own cost:
/// recording, batching, serializing) and once with RabbitMQ and the control plane's ingestion storing every event
/// in Azurite on the same two cores (what the whole machine pays).
/// </summary>
internal sealed class RelayAuditCostBenchmark : IBenchmark
{
    private const int Concurrency = 32;
    private const int Rounds = 5;
    private const double TargetShare = 0.90;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Measured = TimeSpan.FromSeconds(5);

    public string Name => "relay-audit";

    public string Description => "relay throughput with kubectl audit on against off, side by side in one run";

    public BenchmarkReport Run(TextWriter progress) => RunAsync(progress).GetAwaiter().GetResult();

    private static async Task<BenchmarkReport> RunAsync(TextWriter progress)
    {
        var relayAlone = await MeasureAsync(withBroker: false, progress);
        var wholeMachine = await MeasureAsync(withBroker: true, progress);

        var report = new BenchmarkReport("kubectl audit: relay cost", $"""
            One stack: the sandbox, one agent holding tunnels to two relays, the control plane. Relay 1 records every request and ships
            batches; relay 2 records nothing. Small GETs of one pod at concurrency {Concurrency} over HTTP/2, through relay 1 then relay 2,
            {Rounds} rounds ({WarmUp.TotalSeconds:N0} s warm-up, {Measured.TotalSeconds:N0} s measured each); a share is the median of the rounds'
            shares. Run twice: with no broker (relay 1 records, batches and serializes, and hands batches to a publisher that drops them: the
            relay's own cost, which the target is about), then with RabbitMQ, the control plane's listener storing every event in Azurite on the
            same two cores (in Azure, Service Bus and the Functions app run elsewhere).
            Shares round by round, relay alone: {Shares(relayAlone)}; whole machine: {Shares(wholeMachine)}.
            Run: `bench/run.sh relay-audit`.
            """);
        Add(report, "relay alone", relayAlone, target: true);
        Add(report, "broker, ingestion and Azurite on the same cores", wholeMachine, target: false);
        return report;
    }

    private static async Task<(GetRounds On, GetRounds Off)> MeasureAsync(bool withBroker, TextWriter progress)
    {
        progress.WriteLine($"starting Azurite, {(withBroker ? "RabbitMQ, " : "")}the control plane, the sandbox, two relays (audit on, audit off) and the agent…");
        await using var stack = await RelayBenchStack.StartAsync(new RelayBenchOptions { Relays = 2, WithBroker = withBroker, AuditOffRelays = new HashSet<int> { 1 } });
        var on = stack.RelayAs(stack.AdminToken, 0) with { Name = "audit on" };
        var off = stack.RelayAs(stack.AdminToken, 1) with { Name = "audit off" };
        var rounds = await GetRounds.MeasureInTurnAsync([on, off], Rounds, Concurrency, ClientProtocol.Http2, WarmUp, Measured, [ProcessCpu.ThisProcess("bench process")],
            setting: withBroker ? ", with broker" : ", no broker", progress);
        return (rounds[on.Name], rounds[off.Name]);
    }

    private static void Add(BenchmarkReport report, string run, (GetRounds On, GetRounds Off) measured, bool target)
    {
        var share = measured.On.MedianShareOf(measured.Off);
        report.Add($"{run}: requests per second, audit on / off (median rounds)",
            $"{measured.On.Median.RequestsPerSecond.ToString("N0", CultureInfo.InvariantCulture)} / {measured.Off.Median.RequestsPerSecond.ToString("N0", CultureInfo.InvariantCulture)}");
        if (target) report.Add($"{run}: audit on / audit off throughput", share.ToString("P0", CultureInfo.InvariantCulture), $"≥ {TargetShare:P0}", share >= TargetShare);
        else report.Add($"{run}: audit on / audit off throughput", share.ToString("P0", CultureInfo.InvariantCulture));
        report.Add($"{run}: p99 latency, audit on / off", $"{measured.On.Median.P99Ms:N1} / {measured.Off.Median.P99Ms:N1} ms");
        report.Add($"{run}: CPU per request of the bench process (client, sandbox, relays, control plane), audit on / off",
            $"{measured.On.Median.CpuMicrosecondsPerRequest.Values.Sum():N0} / {measured.Off.Median.CpuMicrosecondsPerRequest.Values.Sum():N0} µs");
    }

    private static string Shares((GetRounds On, GetRounds Off) measured) =>
        string.Join(", ", measured.On.SharesOf(measured.Off).Select(s => s.ToString("P0", CultureInfo.InvariantCulture)));
}
