using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Paralus.Bench.Relay;
using Microsoft.Extensions.DependencyInjection;
using Paralus.Domain.Audit;
using Paralus.Domain.Contracts;
using Paralus.Infrastructure.Audit;
using Paralus.Infrastructure.Storage;

namespace Paralus.Bench.Audit;

/// <summary>
/// kubectl audit end to end: a closed loop of GETs through the relay (each one an audit event) while a probe user's
/// requests measure the lag from request to queryable through the API; then a last marker request shows when every
/// event of the load has been stored, which gives the sustained ingestion rate. Relay, broker (RabbitMQ), ingestion
/// (the control plane's queue listener) and Azurite are the real ones.
/// </summary>
internal sealed class AuditBenchmark : IBenchmark
{
    private const int Concurrency = 32;
    private const double TargetEventsPerSecond = 5_000;
    private const double TargetLagP99Ms = 2_000;
    private static readonly TimeSpan Load = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ProbeEvery = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(5);

    public string Name => "audit";

    public string Description => "kubectl audit: relay → broker → ingestion → Azurite; events/s sustained and lag from request to queryable";

    public BenchmarkReport Run(TextWriter progress) => RunAsync(progress).GetAwaiter().GetResult();

    private static async Task<BenchmarkReport> RunAsync(TextWriter progress)
    {
        progress.WriteLine("starting Azurite, RabbitMQ, the control plane, the sandbox, a relay and the agent…");
        await using var stack = await RelayBenchStack.StartAsync(new RelayBenchOptions { WithBroker = true, Users = 1, UserPrefix = "auditprobe" });
        var probe = stack.Users[0];
        using var admin = stack.ControlPlaneAsAdmin();
        using var probeClient = stack.RelayAs(probe.Token).CreateClient(http2: true);
        var probePath = stack.RelayAs(probe.Token).PathOf("api/v1/namespaces/default/pods/");
        await QueryableAfterAsync(probeClient, probePath + "warm-up", admin, probe.Name, "warm-up");

        progress.WriteLine($"{Load.TotalSeconds:N0} s of GETs at concurrency {Concurrency} through the relay, a probe every {ProbeEvery.TotalMilliseconds:N0} ms…");
        var started = Stopwatch.GetTimestamp();
        var load = ClosedLoopLoad.RunAsync(stack.Relay, RelayBenchStack.PodPath, Concurrency, ClientProtocol.Http2, TimeSpan.Zero, Load, []);
        var lags = new List<double>();
        var probes = new List<Task<double>>();
        for (var i = 0; !load.IsCompleted; i++)
        {
            probes.Add(QueryableAfterAsync(probeClient, probePath + $"probe-{i}", admin, probe.Name, $"probe-{i}"));
            await Task.WhenAny(load, Task.Delay(ProbeEvery));
        }
        var result = await load;
        var marker = await QueryableAfterAsync(probeClient, probePath + "marker", admin, probe.Name, "marker");
        var drained = Stopwatch.GetElapsedTime(started);
        lags.AddRange(await Task.WhenAll(probes));
        var events = result.Requests + result.Failures + probes.Count + 1;
        var rate = events / drained.TotalSeconds;
        var sorted = lags.Order().ToArray();
        progress.WriteLine("the store alone: synthetic batches written straight to Azurite…");
        var storeAlone = await StoreAloneAsync(stack.ControlPlaneServices, probe, TimeSpan.FromSeconds(5));
        progress.WriteLine($"  {events:N0} events stored {drained.TotalSeconds:N1} s after the load began ({rate:N0}/s); the marker took {marker:N0} ms");

        var report = new BenchmarkReport("kubectl audit ingestion", $"""
            A closed loop of {Concurrency} HTTP/2 clients sends GETs through one relay for {Load.TotalSeconds:N0} s; every request is an audit
            event. The relay batches events (200 ms window, up to 500) to the local broker's `audit` queue; the control plane's queue
            listener stores each batch (event and index rows, entity-group transactions) in Azurite. A probe user's request every
            {ProbeEvery.TotalMilliseconds:N0} ms is polled for (every 50 ms, through `GET /api/v1/audit/kubectl?user=…&name=…`) until it is
            queryable: that is the lag. After the load, a marker request's arrival shows when all {events:N0} events were stored.
            Run: `bench/run.sh audit`.
            """);
        report.Add("events stored per second, sustained (load start to last event queryable)", rate.ToString("N0", CultureInfo.InvariantCulture),
            $"≥ {TargetEventsPerSecond:N0}", rate >= TargetEventsPerSecond);
        report.Add("lag from request to queryable, p50", $"{Percentiles.Of(sorted, 0.50):N0} ms");
        report.Add("lag from request to queryable, p99", $"{Percentiles.Of(sorted, 0.99):N0} ms", $"≤ {TargetLagP99Ms:N0} ms", Percentiles.Of(sorted, 0.99) <= TargetLagP99Ms);
        report.Add("requests through the relay during the load (per second)", result.RequestsPerSecond.ToString("N0", CultureInfo.InvariantCulture));
        report.Add("events the store alone writes per second (batches of 500, one writer, nothing else running)", storeAlone.ToString("N0", CultureInfo.InvariantCulture));
        report.Add("lag probes", sorted.Length.ToString(CultureInfo.InvariantCulture));
        return report;
    }

    /// <summary>How many events per second <see cref="KubectlAuditLog"/> stores when it is the only thing running.</summary>
    private static async Task<double> StoreAloneAsync(IServiceProvider controlPlane, BenchUser user, TimeSpan duration)
    {
        var log = controlPlane.GetRequiredService<KubectlAuditLog>();
        // The control plane serves the organization of its default name.
        var organizationId = await controlPlane.GetRequiredService<DirectoryRepository>().FindOrganizationIdAsync("paralus", CancellationToken.None)
            ?? throw new InvalidOperationException("the bench control plane serves no organization 'paralus'");
        var written = 0;
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < duration)
        {
            var now = DateTimeOffset.UtcNow;
            var batch = Enumerable.Range(0, KubectlAuditBatch.MaxEvents).Select(i => new KubectlAuditEvent(Guid.NewGuid().ToString(), now, organizationId, RelayBenchStack.Project,
                "store-alone", user.Id, "store-alone@bench.local", "token", "127.0.0.1", "bench", "get", null, "pods", null, "default", $"p{i}",
                "/api/v1/namespaces/default/pods/p", 200, KubectlAuditDecisions.Allow, "binding", 1, null, 100, "sa")).ToArray();
            await log.WriteAsync(batch, CancellationToken.None);
            written += batch.Length;
        }
        return written / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>Sends one request as the probe user and polls the API until its audit record is there: the milliseconds in between.</summary>
    private static async Task<double> QueryableAfterAsync(HttpClient probeClient, string path, HttpClient admin, string user, string name)
    {
        var sent = Stopwatch.GetTimestamp();
        using (await probeClient.GetAsync(path))
        {
        }
        var query = $"/api/v1/audit/kubectl?user={Uri.EscapeDataString(user)}&name={Uri.EscapeDataString(name)}&limit=1";
        while (Stopwatch.GetElapsedTime(sent) < DrainLimit)
        {
            var page = await admin.GetFromJsonAsync<ListResponse<KubectlAuditEventResource>>(query);
            if (page?.Items.Count > 0) return Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            await Task.Delay(50);
        }
        throw new TimeoutException($"the audit record of {path} was not queryable within {DrainLimit.TotalMinutes} minutes");
    }
}
