using System.Diagnostics.Metrics;

namespace Paralus.Relay.Audit;

/// <summary>The relay's audit counters (meter <c>Paralus.Relay.Audit</c>): what was recorded, spooled, replayed and lost.</summary>
internal sealed class AuditMetrics : IDisposable
{
    public const string MeterName = "Paralus.Relay.Audit";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _recorded;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _spooled;
    private readonly Counter<long> _replayed;
    private long _spoolBytes;

    public AuditMetrics()
    {
        _recorded = _meter.CreateCounter<long>("paralus.relay.audit.events.recorded", description: "kubectl audit events recorded");
        _dropped = _meter.CreateCounter<long>("paralus.relay.audit.events.dropped", description: "kubectl audit events lost: queue or spool full");
        _spooled = _meter.CreateCounter<long>("paralus.relay.audit.batches.spooled", description: "batches written to disk while the broker was away");
        _replayed = _meter.CreateCounter<long>("paralus.relay.audit.batches.replayed", description: "spooled batches sent once the broker was back");
        _meter.CreateObservableGauge("paralus.relay.audit.spool.bytes", () => Interlocked.Read(ref _spoolBytes), unit: "By", description: "bytes waiting in the spool");
    }

    public void Recorded() => _recorded.Add(1);

    public void Dropped(int events) => _dropped.Add(events);

    public void Spooled() => _spooled.Add(1);

    public void Replayed() => _replayed.Add(1);

    public void SpoolHolds(long bytes) => Interlocked.Exchange(ref _spoolBytes, bytes);

    public void Dispose() => _meter.Dispose();
}
