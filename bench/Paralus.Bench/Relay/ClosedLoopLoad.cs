using System.Diagnostics;

namespace Paralus.Bench.Relay;

/// <summary>
/// A closed loop of GETs: each of N workers sends its next request when the previous answer has been read in full,
/// over a kept-alive connection of its own (as N kubectl processes would), first for a warm-up period (discarded),
/// then for a measured one.
/// </summary>
internal static class ClosedLoopLoad
{
    public static async Task<LatencyResult> RunAsync(HttpTarget target, string apiPath, int concurrency, ClientProtocol protocol, TimeSpan warmUp,
        TimeSpan measured, IReadOnlyList<ProcessCpu> accounted)
    {
        var clients = Enumerable.Range(0, concurrency).Select(_ => target.CreateClient(maxConnections: 1, http2: protocol == ClientProtocol.Http2)).ToArray();
        try
        {
            return await MeasureAsync(clients, target.PathOf(apiPath), warmUp, measured, accounted);
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    private static async Task<LatencyResult> MeasureAsync(HttpClient[] clients, string path, TimeSpan warmUp, TimeSpan measured, IReadOnlyList<ProcessCpu> accounted)
    {
        await RunWorkersAsync(clients, path, warmUp);
        var cpuBefore = accounted.Select(p => p.Used()).ToArray();
        var started = Stopwatch.GetTimestamp();
        var workers = await RunWorkersAsync(clients, path, measured);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpuAfter = accounted.Select(p => p.Used()).ToArray();

        var latencies = workers.SelectMany(w => w.Latencies).Order().ToArray();
        var failures = workers.Sum(w => w.Failures);
        var requests = Math.Max(1, latencies.Length + failures);
        var cpu = accounted.Select((p, i) => (p.Name, Us: (cpuAfter[i] - cpuBefore[i]).TotalMicroseconds / requests))
            .GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.Sum(c => c.Us));
        return new LatencyResult(clients.Length, latencies.Length, failures,
            Percentiles.Of(latencies, 0.50), Percentiles.Of(latencies, 0.99), latencies.Length / elapsed.TotalSeconds, cpu);
    }

    private static async Task<Worker[]> RunWorkersAsync(HttpClient[] clients, string path, TimeSpan duration)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = clients.Select(_ => new Worker()).ToArray();
        await Task.WhenAll(workers.Select((w, i) => Task.Run(() => w.RunAsync(clients[i], path, until))));
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
