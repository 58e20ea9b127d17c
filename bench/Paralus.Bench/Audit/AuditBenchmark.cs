using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Paralus.Bench.Relay;
using Microsoft.Extensions.DependencyInjection;
using Paralus.Domain.Audit;
using Paralus.Domain.Contracts;
using Paralus.Infrastructure.Audit;
using Paralus.Infrastructure.Messaging;
using Paralus.Infrastructure.Storage;

namespace Paralus.Bench.Audit;

/// <summary>
/// kubectl audit end to end: a closed loop of GETs through the relay (each one an audit event) while a probe user's
/// requests measure the lag from request to queryable through the API; then a last marker request shows when every
/// event of the load has been stored, which gives the sustained ingestion rate. Then the path after the relay alone:
/// batches published to the broker as fast as it takes them. Relay, broker (RabbitMQ), ingestion (the control plane's
/// queue listener) and Azurite are the real ones.
/// </summary>
internal sealed class AuditBenchmark : IBenchmark
{
    private const int Concurrency = 32;
    private const double TargetEventsPerSecond = 5_000;
    private const double TargetLagP99Ms = 2_000;
    private static readonly TimeSpan Load = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan ProbeEvery = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(5);
    private const int PipelineBatches = 100;
    private const int UsersPerBatch = 20;
    private const int UserPool = 1_000;

    public string Name => "audit";

    public string Description => "kubectl audit: relay → broker → ingestion → Azurite; events/s sustained, lag from request to queryable, the pipeline without the relay";

    public BenchmarkReport Run(TextWriter progress) => RunAsync(progress).GetAwaiter().GetResult();

    private static async Task<BenchmarkReport> RunAsync(TextWriter progress)
    {
        progress.WriteLine("starting Azurite, RabbitMQ, the control plane, the sandbox, a relay and the agent…");
        await using var stack = await RelayBenchStack.StartAsync(new RelayBenchOptions { WithBroker = true, Users = 1, UserPrefix = "auditprobe" });
        var probe = stack.Users[0];
        using var admin = stack.ControlPlaneAsAdmin();
        using var probeClient = stack.RelayAs(probe.Token).CreateClient(http2: true);
        var probePath = stack.RelayAs(probe.Token).PathOf("api/v1/namespaces/default/pods/");
        // Warm the relay, the client's connections and the ingestion, and let what the warm-up recorded be stored first.
        progress.WriteLine($"{WarmUp.TotalSeconds:N0} s of warm-up load…");
        var warm = await ClosedLoopLoad.RunAsync(stack.Relay, RelayBenchStack.PodPath, Concurrency, ClientProtocol.Http2, TimeSpan.Zero, WarmUp, []);
        progress.WriteLine($"  {warm.RequestsPerSecond:N0} requests/s through the relay while warming up");
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
        progress.WriteLine($"  {events:N0} events stored {drained.TotalSeconds:N1} s after the load began ({rate:N0}/s); the marker took {marker:N0} ms");
        progress.WriteLine($"{PipelineBatches} batches of {KubectlAuditBatch.MaxEvents} published to the broker back to back…");
        var pipeline = await PipelineAloneAsync(stack.ControlPlaneServices, admin, PipelineBatches);
        progress.WriteLine($"  {pipeline:N0} events/s");
        progress.WriteLine("the store alone: synthetic batches written straight to Azurite…");
        var storeAlone = await StoreAloneAsync(stack.ControlPlaneServices, TimeSpan.FromSeconds(5));

        var report = new BenchmarkReport("kubectl audit ingestion", $"""
            After {WarmUp.TotalSeconds:N0} s of warm-up load (stored before the run begins), a closed loop of {Concurrency} HTTP/2 clients sends GETs
            through one relay for {Load.TotalSeconds:N0} s; every request is an audit
            event. The relay batches events (200 ms window, up to 500) to the local broker's `audit` queue; the control plane's queue
            listener stores each batch in Azurite. A probe user's request every
            {ProbeEvery.TotalMilliseconds:N0} ms is polled for (every 50 ms, through `GET /api/v1/audit/kubectl?user=…&name=…`) until it is
            queryable: that is the lag. After the load, a marker request's arrival shows when all {events:N0} events were stored.
            On two cores shared by the load, the sandbox, the agent, the relay, RabbitMQ, the control plane and Azurite, the relay's
            request rate caps that figure; so the rest of the path (broker → ingestion → Azurite) is also driven alone: {PipelineBatches}
            batches such as relays send ({KubectlAuditBatch.MaxEvents} events, {UsersPerBatch} users of {UserPool}, two clusters) published back
            to back, until the last event is queryable through the API. Storage: one row per batch, day and partition (organization,
            cluster, user, project), the organization's rows hash-chained.
            Run: `bench/run.sh audit`.
            """);
        report.Add("through the relay: events stored per second (load start to last event queryable; the relay's request rate)", rate.ToString("N0", CultureInfo.InvariantCulture));
        report.Add($"broker → ingestion → Azurite: events stored per second ({PipelineBatches} batches published, to last event queryable)",
            pipeline.ToString("N0", CultureInfo.InvariantCulture), $"≥ {TargetEventsPerSecond:N0}", pipeline >= TargetEventsPerSecond);
        report.Add("lag from request to queryable, p50", $"{Percentiles.Of(sorted, 0.50):N0} ms");
        report.Add("lag from request to queryable, p99", $"{Percentiles.Of(sorted, 0.99):N0} ms", $"≤ {TargetLagP99Ms:N0} ms", Percentiles.Of(sorted, 0.99) <= TargetLagP99Ms);
        report.Add("requests through the relay during the load (per second)", result.RequestsPerSecond.ToString("N0", CultureInfo.InvariantCulture));
        report.Add($"events the store alone writes per second (batches of 500 with {UsersPerBatch} users, one writer, no load)", storeAlone.ToString("N0", CultureInfo.InvariantCulture));
        report.Add("lag probes", sorted.Length.ToString(CultureInfo.InvariantCulture));
        return report;
    }

    /// <summary>
    /// Batches such as relays send (500 events, <see cref="UsersPerBatch"/> users of <see cref="UserPool"/>, two clusters)
    /// published to the broker's <c>audit</c> queue back to back, then the API polled for the last event: broker,
    /// ingestion and Azurite without the relay, whose request rate on this machine is below the target.
    /// </summary>
    private static async Task<double> PipelineAloneAsync(IServiceProvider controlPlane, HttpClient admin, int batches)
    {
        var publisher = controlPlane.GetRequiredService<IMessagePublisher>();
        var organizationId = await OrganizationIdAsync(controlPlane);
        var traffic = new SyntheticAuditTraffic(organizationId, UsersPerBatch, UserPool);
        var bodies = Enumerable.Range(0, batches).Select(b => new KubectlAuditBatch(traffic.Batch(b, DateTimeOffset.UtcNow)).ToJson()).ToArray();
        var last = traffic.Batch(batches - 1, DateTimeOffset.UtcNow)[^1];
        var started = Stopwatch.GetTimestamp();
        foreach (var body in bodies)
        {
            await publisher.PublishAsync(MessagingTopics.Audit, new OutgoingMessage(Guid.NewGuid().ToString("N"), KubectlAuditBatch.MessageType, KubectlAuditBatch.SchemaVersion, body),
                CancellationToken.None);
        }
        await QueryableAsync(admin, last.User, last.Name!, started);
        return batches * KubectlAuditBatch.MaxEvents / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>How many events per second <see cref="KubectlAuditLog"/> stores when it is the only thing running.</summary>
    private static async Task<double> StoreAloneAsync(IServiceProvider controlPlane, TimeSpan duration)
    {
        var log = controlPlane.GetRequiredService<KubectlAuditLog>();
        var traffic = new SyntheticAuditTraffic(await OrganizationIdAsync(controlPlane), UsersPerBatch, UserPool);
        var written = 0;
        var started = Stopwatch.GetTimestamp();
        for (var b = 0; Stopwatch.GetElapsedTime(started) < duration; b++)
        {
            var batch = traffic.Batch(b, DateTimeOffset.UtcNow);
            await log.WriteAsync(batch, CancellationToken.None);
            written += batch.Count;
        }
        return written / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    // The bench control plane serves the organization of its default name.
    internal static async Task<string> OrganizationIdAsync(IServiceProvider controlPlane) =>
        await controlPlane.GetRequiredService<DirectoryRepository>().FindOrganizationIdAsync("paralus", CancellationToken.None)
        ?? throw new InvalidOperationException("the bench control plane serves no organization 'paralus'");

    /// <summary>Sends one request as the probe user and polls the API until its audit record is there: the milliseconds in between.</summary>
    private static async Task<double> QueryableAfterAsync(HttpClient probeClient, string path, HttpClient admin, string user, string name)
    {
        var sent = Stopwatch.GetTimestamp();
        using (await probeClient.GetAsync(path))
        {
        }
        return await QueryableAsync(admin, user, name, sent);
    }

    /// <summary>Polls the API until the record of <paramref name="user"/> naming <paramref name="name"/> is there: the milliseconds since <paramref name="since"/>.</summary>
    internal static async Task<double> QueryableAsync(HttpClient admin, string user, string name, long since)
    {
        var query = $"/api/v1/audit/kubectl?user={Uri.EscapeDataString(user)}&name={Uri.EscapeDataString(name)}&limit=1";
        while (Stopwatch.GetElapsedTime(since) < DrainLimit)
        {
            var page = await admin.GetFromJsonAsync<ListResponse<KubectlAuditEventResource>>(query);
            if (page?.Items.Count > 0) return Stopwatch.GetElapsedTime(since).TotalMilliseconds;
            await Task.Delay(50);
        }
        throw new TimeoutException($"the audit record of {user} naming {name} was not queryable within {DrainLimit.TotalMinutes} minutes");
    }
}
