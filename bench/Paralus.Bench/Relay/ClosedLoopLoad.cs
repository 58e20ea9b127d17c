using System.Diagnostics;

namespace Paralus.Bench.Relay;

/// <summary>
/// A closed loop of GETs: each of N workers sends its next request when the previous answer has been read in full,
/// over N kept-alive connections, first for a warm-up period (discarded), then for a measured one.
/// </summary>
internal static class ClosedLoopLoad
{
    public static async Task<LatencyResult> RunAsync(HttpTarget target, string apiPath, int concurrency, TimeSpan warmUp, TimeSpan measured,
        IReadOnlyList<ProcessCpu> accounted)
    {
        using var client = target.CreateClient(maxConnections: concurrency);
        var path = target.PathOf(apiPath);
        await RunWorkersAsync(client, path, concurrency, warmUp);
        var cpuBefore = accounted.Select(p => p.Used()).ToArray();
        var started = Stopwatch.GetTimestamp();
        var workers = await RunWorkersAsync(client, path, concurrency, measured);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpuAfter = accounted.Select(p => p.Used()).ToArray();

        var latencies = workers.SelectMany(w => w.Latencies).Order().ToArray();
        var failures = workers.Sum(w => w.Failures);
        var requests = Math.Max(1, latencies.Length + failures);
        var cpu = accounted.Select((p, i) => (p.Name, Us: (cpuAfter[i] - cpuBefore[i]).TotalMicroseconds / requests))
            .GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.Sum(c => c.Us));
        return new LatencyResult(concurrency, latencies.Length, failures,
            Percentiles.Of(latencies, 0.50), Percentiles.Of(latencies, 0.99), latencies.Length / elapsed.TotalSeconds, cpu);
    }

    private static async Task<Worker[]> RunWorkersAsync(HttpClient client, string path, int concurrency, TimeSpan duration)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(_ => new Worker()).ToArray();
        await Task.WhenAll(workers.Select(w => Task.Run(() => w.RunAsync(client, path, until))));
        return workers;
    }

    private sealed class Worker
    {
        public List<double> Latencies { get; } = new(capacity: 16_384);

        public int Failures { get; private set; }

        public async Task RunAsync(HttpClient client, string path, long until)
        {
            var buffer = new byte[16 * 1024];
            while (Stopwatch.GetTimestamp() < until)
            {
                var sent = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
                await using var body = await response.Content.ReadAsStreamAsync();
                while (await body.ReadAsync(buffer) > 0)
                {
                }
                if (response.IsSuccessStatusCode) Latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                else Failures++;
            }
        }
    }
}
