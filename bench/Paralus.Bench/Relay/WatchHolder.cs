using System.Diagnostics;
using System.Globalization;

namespace Paralus.Bench.Relay;

/// <summary>
/// The client side of <see cref="WatchMemoryProbe"/>, run as a process of its own (<c>Paralus.Bench --hold-watches</c>)
/// so that the bench process's memory counts only the relay and the sandbox. Opens the watches in batches, writes
/// <c>open N</c> after each batch and <c>ready SECONDS</c> when all are open, holds them until its standard input
/// closes, then closes them a batch at a time.
/// </summary>
internal static class WatchHolder
{
    public const string Command = "--hold-watches";
    private const string WatchPath = "api/v1/namespaces/default/pods?watch=1&timeoutSeconds=300";

    /// <summary>The arguments for a holder of <paramref name="streams"/> watches through <paramref name="target"/>.</summary>
    public static IEnumerable<string> Arguments(HttpTarget target, int streams, int batch, bool http2) =>
        [Command, target.Name, target.BaseAddress.ToString(), target.PathPrefix, target.BearerToken,
         streams.ToString(CultureInfo.InvariantCulture), batch.ToString(CultureInfo.InvariantCulture), http2 ? "h2" : "h1"];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not [Command, var name, var baseAddress, var prefix, var token, var streamsText, var batchText, var protocol])
        {
            await Console.Error.WriteLineAsync($"usage: Paralus.Bench {Command} NAME BASE-URL PATH-PREFIX TOKEN STREAMS BATCH h1|h2");
            return 2;
        }
        var target = new HttpTarget(name, new Uri(baseAddress), prefix, token);
        var (streams, batch) = (int.Parse(streamsText, CultureInfo.InvariantCulture), int.Parse(batchText, CultureInfo.InvariantCulture));
        using var client = target.CreateClient(http2: protocol == "h2");
        var open = new List<HttpResponseMessage>(streams);
        var started = Stopwatch.GetTimestamp();
        try
        {
            for (var opened = 0; opened < streams; opened += batch)
            {
                open.AddRange(await Task.WhenAll(Enumerable.Range(0, Math.Min(batch, streams - opened)).Select(_ => OpenAsync(client, target))));
                Console.WriteLine($"open {open.Count}");
            }
            Console.WriteLine($"ready {Stopwatch.GetElapsedTime(started).TotalSeconds.ToString("F3", CultureInfo.InvariantCulture)}");
            await Console.In.ReadToEndAsync();
            return 0;
        }
        finally
        {
            // Each closed relay stream holds a pool thread until its tunnel close handshake is done; closing all at
            // once starves the relay's pool for minutes, so they go a batch at a time.
            foreach (var chunk in open.Chunk(batch))
            {
                foreach (var response in chunk) response.Dispose();
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
        }
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
