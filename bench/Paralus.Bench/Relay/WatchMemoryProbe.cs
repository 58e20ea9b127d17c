using System.Diagnostics;
using System.Globalization;

namespace Paralus.Bench.Relay;

/// <summary>
/// Holds many pod watches open through a target and reads this process's memory before and after. The watches are
/// held by a <see cref="WatchHolder"/> process, each on its own HTTP/1.1 connection (as separate kubectl processes
/// would) or all multiplexed over HTTP/2, so this process counts only what serves them: the sandbox, and the relay
/// when they go through it.
/// </summary>
internal static class WatchMemoryProbe
{
    public static async Task<WatchMemoryResult> MeasureAsync(HttpTarget target, int streams, int batch, bool http2, TextWriter progress)
    {
        // One batch opened and closed first, so one-time costs (code, pools, caches) fall before the first reading.
        await using (var warm = await HoldAsync(target, batch, batch, http2, TextWriter.Null))
        {
        }
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        var before = MemoryReading.Take();
        await using var holder = await HoldAsync(target, streams, batch, http2, progress);
        // Let spare-connection refills and handshakes behind the last batch finish before reading.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var after = MemoryReading.Take();
        return new WatchMemoryResult(http2 ? $"{target.Name} over HTTP/2" : target.Name, streams, after - before, holder.OpenTime);
    }

    private static async Task<Holder> HoldAsync(HttpTarget target, int streams, int batch, bool http2, TextWriter progress)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(WatchHolder).Assembly.Location);
        foreach (var argument in WatchHolder.Arguments(target, streams, batch, http2)) start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException("the watch holder did not start");
        var errors = process.StandardError.ReadToEndAsync();
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("ready ", StringComparison.Ordinal))
                return new Holder(process, TimeSpan.FromSeconds(double.Parse(line["ready ".Length..], CultureInfo.InvariantCulture)));
            var open = int.Parse(line["open ".Length..], CultureInfo.InvariantCulture);
            if (open % 500 == 0) progress.WriteLine($"  {open:N0} open");
        }
        await process.WaitForExitAsync();
        throw new InvalidOperationException($"the watch holder for {target.Name} ended before its watches were open: {await errors}");
    }

    /// <summary>A running holder; disposing it closes its input, upon which it closes its watches and exits.</summary>
    private sealed class Holder(Process process, TimeSpan openTime) : IAsyncDisposable
    {
        public TimeSpan OpenTime { get; } = openTime;

        public async ValueTask DisposeAsync()
        {
            process.StandardInput.Close();
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }
}
