using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Paralus.Bench.Relay;
using Paralus.Domain.Contracts;
using Paralus.Infrastructure.Audit;

namespace Paralus.Bench.Audit;

/// <summary>
/// kubectl audit queries over a million stored events: the two questions of the issue asked through the API again
/// and again (with different users and projects), p50/p95; and how long <c>audit verify</c> takes over them.
/// </summary>
internal sealed class AuditQueryBenchmark : IBenchmark
{
    private const int Batches = 2_000;
    private const int Samples = 40;
    private const double TargetP95Ms = 200;
    private static readonly TimeSpan Spread = TimeSpan.FromHours(10);

    public string Name => "audit-query";

    public string Description => "kubectl audit queries over 1,000,000 stored events: p50/p95 through the API";

    public BenchmarkReport Run(TextWriter progress) => RunAsync(progress).GetAwaiter().GetResult();

    private static async Task<BenchmarkReport> RunAsync(TextWriter progress)
    {
        progress.WriteLine("starting Azurite, the control plane, the sandbox, a relay and the agent…");
        await using var stack = await RelayBenchStack.StartAsync(new RelayBenchOptions());
        using var admin = stack.ControlPlaneAsAdmin();
        var log = stack.ControlPlaneServices.GetRequiredService<KubectlAuditLog>();
        var traffic = new SyntheticAuditTraffic(await AuditBenchmark.OrganizationIdAsync(stack.ControlPlaneServices), UsersPerBatch: 20, UserPool: 1_000, Clusters: 10,
            Projects: 5, DeleteEvery: 100);

        var now = DateTimeOffset.UtcNow;
        var started = Stopwatch.GetTimestamp();
        for (var b = 0; b < Batches; b++)
        {
            await log.WriteAsync(traffic.Batch(b, now - Spread + Spread * b / Batches), CancellationToken.None);
            if ((b + 1) % 200 == 0) progress.WriteLine($"  {(b + 1) * 500:N0} events stored ({Stopwatch.GetElapsedTime(started).TotalSeconds:N0} s)");
        }
        var fill = Stopwatch.GetElapsedTime(started);
        var total = Batches * 500;

        progress.WriteLine($"{Samples} queries of each kind…");
        var since = Uri.EscapeDataString((now - TimeSpan.FromHours(1)).ToString("O", CultureInfo.InvariantCulture));
        var today = Uri.EscapeDataString(new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).ToString("O", CultureInfo.InvariantCulture));
        var userOnCluster = await TimeAsync(admin, i => $"user={Uri.EscapeDataString(SyntheticAuditTraffic.UserName(i * 37 % 1_000))}&cluster=cluster-{i * 37 % 1_000 % 10}&since={since}");
        var deletesInProject = await TimeAsync(admin, i => $"project={SyntheticAuditTraffic.ProjectName(i % 5)}&verb=delete&since={today}");
        var everything = await TimeAsync(admin, _ => $"since={since}");

        progress.WriteLine("verifying the day's chains…");
        var verifyStarted = Stopwatch.GetTimestamp();
        var verification = await admin.GetFromJsonAsync<AuditVerificationResource>($"/api/v1/audit/verify?from={now.AddDays(-1):yyyy-MM-dd}&to={now:yyyy-MM-dd}")
            ?? throw new InvalidOperationException("verify answered nothing");
        var verify = Stopwatch.GetElapsedTime(verifyStarted);

        var report = new BenchmarkReport("kubectl audit queries", $"""
            {total:N0} events stored straight into Azurite (`KubectlAuditLog`, one writer, {fill.TotalSeconds:N0} s) over the last {Spread.TotalHours:N0} hours:
            1,000 users (20 in each batch of 500), 10 clusters in 5 projects, one event in 100 a delete. Then each question is asked
            {Samples} times through `GET /api/v1/audit/kubectl` as the administrator (first page, 100 records), each time for another
            user or project: "user X on cluster Y in the last hour" (X had about 100 requests in that hour), "every delete in project
            P today", and for comparison the whole organization's last hour.
            Run: `bench/run.sh audit-query`.
            """);
        report.Add("user X on cluster Y in the last hour, p50", $"{Percentiles.Of(userOnCluster, 0.50):N0} ms");
        report.Add("user X on cluster Y in the last hour, p95", $"{Percentiles.Of(userOnCluster, 0.95):N0} ms", $"≤ {TargetP95Ms:N0} ms", Percentiles.Of(userOnCluster, 0.95) <= TargetP95Ms);
        report.Add("every delete in project P today, p50", $"{Percentiles.Of(deletesInProject, 0.50):N0} ms");
        report.Add("every delete in project P today, p95", $"{Percentiles.Of(deletesInProject, 0.95):N0} ms", $"≤ {TargetP95Ms:N0} ms", Percentiles.Of(deletesInProject, 0.95) <= TargetP95Ms);
        report.Add("the organization's last hour (first page), p50 / p95", $"{Percentiles.Of(everything, 0.50):N0} / {Percentiles.Of(everything, 0.95):N0} ms");
        report.Add("events stored per second while filling (store alone)", (total / fill.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture));
        report.Add($"audit verify over those days ({verification.Records:N0} records, {(verification.Intact ? "intact" : "NOT intact")})", $"{verify.TotalSeconds:N1} s", "intact", verification.Intact);
        return report;
    }

    /// <summary>Three untimed queries, then <see cref="Samples"/> timed ones; each must answer records. Ascending milliseconds.</summary>
    private static async Task<double[]> TimeAsync(HttpClient admin, Func<int, string> query)
    {
        var times = new List<double>();
        for (var i = -3; i < Samples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var page = await admin.GetFromJsonAsync<ListResponse<KubectlAuditEventResource>>($"/api/v1/audit/kubectl?{query(i + 3)}")
                ?? throw new InvalidOperationException("the query answered nothing");
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (page.Items.Count == 0) throw new InvalidOperationException($"'{query(i + 3)}' found no records: the bench's data is not what it means to ask about");
            if (i >= 0) times.Add(elapsed);
        }
        return times.Order().ToArray();
    }
}
