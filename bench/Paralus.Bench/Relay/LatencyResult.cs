namespace Paralus.Bench.Relay;

/// <summary>
/// One cell of the small-request table: latency percentiles and throughput at one concurrency, and the CPU time per
/// request of each accounted process (µs) over the measured phase.
/// </summary>
internal sealed record LatencyResult(int Concurrency, int Requests, int Failures, double P50Ms, double P99Ms, double RequestsPerSecond,
    IReadOnlyDictionary<string, double> CpuMicrosecondsPerRequest);
