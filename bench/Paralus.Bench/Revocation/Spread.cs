using System.Globalization;

namespace Paralus.Bench.Revocation;

/// <summary>
/// p50, p99 and max of one measured stage over all revocations. A revocation whose effect never came counts as
/// infinitely late, so the percentiles cannot hide it, and it is counted in <see cref="Missed"/>.
/// </summary>
internal sealed record Spread(double P50, double P99, double Max, int Count, int Missed)
{
    public static Spread Of(IEnumerable<double?> milliseconds)
    {
        var sorted = milliseconds.Select(ms => ms ?? double.PositiveInfinity).Order().ToArray();
        var missed = sorted.Count(double.IsPositiveInfinity);
        return new Spread(Percentiles.Of(sorted, 0.50), Percentiles.Of(sorted, 0.99), sorted.Length == 0 ? double.NaN : sorted[^1], sorted.Length, missed);
    }

    public static string Ms(double milliseconds) =>
        double.IsPositiveInfinity(milliseconds) ? "never" : milliseconds.ToString("N0", CultureInfo.InvariantCulture);

    public string Row => $"{Ms(P50)} | {Ms(P99)} | {Ms(Max)} | {Count - Missed:N0} / {Count:N0}";
}
