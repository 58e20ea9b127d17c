namespace Paralus.Bench.Relay;

/// <summary>What <see cref="SeparateCoresRun"/> measured: one small-GET cell per path, with the processes accounted.</summary>
internal sealed record SeparateCoresResult(IReadOnlyList<string> Targets, IReadOnlyList<string> Accounted, IReadOnlyDictionary<string, LatencyResult> Gets);
