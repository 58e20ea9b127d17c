namespace Paralus.Bench;

/// <summary>Nearest-rank percentiles of an ascending array, the way every latency figure in the reports is taken.</summary>
internal static class Percentiles
{
    /// <summary>The value below which <paramref name="share"/> of the samples fall; NaN for no samples.</summary>
    public static double Of(double[] sorted, double share) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(share * sorted.Length))];
}
