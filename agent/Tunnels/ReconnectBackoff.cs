namespace Paralus.Agent.Tunnels;

/// <summary>
/// Exponential backoff with full jitter, capped: after a relay restart its agents come back spread out over the
/// window instead of all at once.
/// </summary>
internal sealed class ReconnectBackoff(TimeSpan initial, TimeSpan cap, Random random)
{
    private int _failures;

    public TimeSpan Next()
    {
        var ceiling = Math.Min(cap.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, Math.Min(_failures, 20)));
        _failures++;
        return TimeSpan.FromMilliseconds(random.NextDouble() * ceiling);
    }

    public void Reset() => _failures = 0;
}
