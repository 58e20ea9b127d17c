namespace Paralus.Bench.Relay;

/// <summary>
/// The small-GET cells of one path, protocol and concurrency: one per round, each round running every path once in
/// turn, so that a path's share of direct is taken against a direct run of the same moment.
/// </summary>
internal sealed record GetRounds(IReadOnlyList<LatencyResult> Rounds)
{
    /// <summary>The round with the median throughput: the one the tables show.</summary>
    public LatencyResult Median => Rounds.OrderBy(r => r.RequestsPerSecond).ElementAt(Rounds.Count / 2);

    /// <summary>This path's throughput as a share of <paramref name="direct"/>'s, round by round.</summary>
    public IReadOnlyList<double> SharesOf(GetRounds direct) => Rounds.Zip(direct.Rounds, (path, baseline) => path.RequestsPerSecond / baseline.RequestsPerSecond).ToList();

    /// <summary>The median of <see cref="SharesOf"/>.</summary>
    public double MedianShareOf(GetRounds direct) => SharesOf(direct).Order().ElementAt(Rounds.Count / 2);
}
