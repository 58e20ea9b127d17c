namespace Paralus.Bench.Revocation;

/// <summary>
/// One user's revocation, in milliseconds from just before the API call; null where the effect did not happen within
/// the benchmark's deadline. <see cref="RefusedMs"/> has one entry per relay.
/// </summary>
internal sealed record RevocationSample(
    RevocationMechanism Mechanism,
    double ApiMs,
    double? EventMs,
    IReadOnlyList<double?> RefusedMs,
    double? StreamClosedMs,
    double? AccountDeletedMs,
    bool StreamEndedBefore)
{
    /// <summary>(a): when the last relay refused a fresh request.</summary>
    public double? RefusedEverywhereMs => RefusedMs.Any(ms => ms is null) ? null : RefusedMs.Max();

    /// <summary>The relay's share: from the event's delivery to the stream's end (re-reading the directory, applying the snapshot).</summary>
    public double? StreamAfterEventMs => StreamClosedMs - EventMs;

    /// <summary>The agent's share: from the stream's end (the relay has applied the change) to the account's deletion.</summary>
    public double? AccountAfterStreamMs => AccountDeletedMs - StreamClosedMs;
}
