namespace Paralus.Bench.Relay;

/// <summary>
/// The small-GET cells of one path, protocol and concurrency: one per round, each round running every path once in
/// turn, so that a path's share of direct is taken against a direct run of the same moment.
/// </summary>
internal sealed record GetRounds(IReadOnlyList<LatencyResult> Rounds)
{
    /// <summary>
    /// The small GET through every path in turn, <paramref name="rounds"/> times; <paramref name="setting"/> names
    /// anything special about the run in the progress lines.
    /// </summary>
    public static async Task<Dictionary<string, GetRounds>> MeasureInTurnAsync(IReadOnlyList<HttpTarget> targets, int rounds, int concurrency, ClientProtocol protocol,
        TimeSpan warmUp, TimeSpan measured, IReadOnlyList<ProcessCpu> accounted, string setting, TextWriter progress)
    {
        var cells = targets.ToDictionary(t => t.Name, _ => new List<LatencyResult>());
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var target in targets)
            {
                progress.WriteLine($"small GET through {target.Name} over {protocol.Name()} at concurrency {concurrency}{setting}, round {round} of {rounds}…");
                cells[target.Name].Add(await ClosedLoopLoad.RunAsync(target, RelayBenchStack.PodPath, concurrency, protocol, warmUp, measured, accounted));
            }
        }
        return cells.ToDictionary(c => c.Key, c => new GetRounds(c.Value));
    }

    /// <summary>The round with the median throughput: the one the tables show.</summary>
    public LatencyResult Median => Rounds.OrderBy(r => r.RequestsPerSecond).ElementAt(Rounds.Count / 2);

    /// <summary>This path's throughput as a share of <paramref name="direct"/>'s, round by round.</summary>
    public IReadOnlyList<double> SharesOf(GetRounds direct) => Rounds.Zip(direct.Rounds, (path, baseline) => path.RequestsPerSecond / baseline.RequestsPerSecond).ToList();

    /// <summary>The median of <see cref="SharesOf"/>.</summary>
    public double MedianShareOf(GetRounds direct) => SharesOf(direct).Order().ElementAt(Rounds.Count / 2);
}
