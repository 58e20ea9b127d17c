namespace Paralus.Bench.Relay;

/// <summary>What <see cref="SeparateCoresRun"/> measured: the small-GET rounds of each path, with the processes accounted.</summary>
internal sealed record SeparateCoresResult(IReadOnlyList<string> Targets, IReadOnlyList<string> Accounted, IReadOnlyDictionary<string, GetRounds> Gets);
