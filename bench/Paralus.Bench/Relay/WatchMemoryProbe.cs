using System.Diagnostics;

namespace Paralus.Bench.Relay;

/// <summary>
/// Opens many pod watches (each on its own HTTP/1.1 connection, as separate kubectl processes would), in batches,
/// holds them all open and reads this process's memory before and after. The probe's own client connections are
/// counted too; subtracting a run against the sandbox directly removes them together with the sandbox's share.
/// </summary>
internal static class WatchMemoryProbe
{
    private const string WatchPath = "api/v1/namespaces/default/pods?watch=1&timeoutSeconds=300";

    public static async Task<WatchMemoryResult> MeasureAsync(HttpTarget target, int streams, int batch, TextWriter progress)
    {
        await OpenAndCloseAsync(target, batch);
        var before = MemoryReading.Take();
        using var client = target.CreateClient();
        var open = new List<HttpResponseMessage>(streams);
        var started = Stopwatch.GetTimestamp();
        try
        {
            for (var opened = 0; opened < streams; opened += batch)
            {
                var next = await Task.WhenAll(Enumerable.Range(0, Math.Min(batch, streams - opened)).Select(_ => OpenAsync(client, target)));
                open.AddRange(next);
                if (open.Count % 500 == 0) progress.WriteLine($"  {open.Count:N0} open after {Stopwatch.GetElapsedTime(started).TotalSeconds:N1} s");
            }
            var openTime = Stopwatch.GetElapsedTime(started);
            // Let spare-connection refills and handshakes behind the last batch finish before reading.
            await Task.Delay(TimeSpan.FromSeconds(1));
            var after = MemoryReading.Take();
            return new WatchMemoryResult(target.Name, open.Count, after - before, openTime);
        }
        finally
        {
            await CloseInBatchesAsync(open, batch);
        }
    }

    /// <summary>
    /// Each closed relay stream holds a pool thread until its tunnel close handshake is done; closing all at once
    /// starves the shared pool for minutes, so they go a batch at a time.
    /// </summary>
    private static async Task CloseInBatchesAsync(List<HttpResponseMessage> open, int batch)
    {
        foreach (var chunk in open.Chunk(batch))
        {
            foreach (var response in chunk) response.Dispose();
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    /// <summary>One batch opened and closed first, so one-time costs (code, pools, caches) fall before the first reading.</summary>
    private static async Task OpenAndCloseAsync(HttpTarget target, int batch)
    {
        using var client = target.CreateClient();
        var warm = await Task.WhenAll(Enumerable.Range(0, batch).Select(_ => OpenAsync(client, target)));
        foreach (var response in warm) response.Dispose();
        await Task.Delay(TimeSpan.FromMilliseconds(500));
    }

    private static async Task<HttpResponseMessage> OpenAsync(HttpClient client, HttpTarget target)
    {
        var response = await client.GetAsync(target.PathOf(WatchPath), HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync();
            response.Dispose();
            throw new InvalidOperationException($"watch through {target.Name} answered {(int)response.StatusCode}: {body}");
        }
        return response;
    }
}
