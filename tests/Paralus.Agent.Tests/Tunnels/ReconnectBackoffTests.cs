using Paralus.Agent.Tunnels;

namespace Paralus.Agent.Tests.Tunnels;

/// <summary>
/// How an agent waits before dialling a relay again: a window that doubles with each failure up to a cap, and a
/// delay drawn anywhere in it, so the agents of a restarted relay come back spread out instead of all at once.
/// </summary>
public sealed class ReconnectBackoffTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);

    [Fact]
    public void Window_DoublesWithEachFailure_UpToTheCap_AndStaysThere()
    {
        var backoff = new ReconnectBackoff(Initial, Cap, new AlwaysTopOfWindow());

        var windows = Enumerable.Range(0, 40).Select(_ => backoff.Next().TotalMilliseconds).ToArray();

        Assert.Equal([200, 400, 800, 1_600, 3_200, 6_400, 12_800, 25_600, 30_000], windows[..9].Select(w => Math.Round(w)));
        Assert.All(windows[9..], w => Assert.Equal(Cap.TotalMilliseconds, Math.Round(w)));
    }

    [Fact]
    public void Reset_AfterAHealthyConnection_StartsFromTheFirstWindowAgain()
    {
        var backoff = new ReconnectBackoff(Initial, Cap, new AlwaysTopOfWindow());
        for (var i = 0; i < 6; i++) backoff.Next();

        backoff.Reset();

        Assert.Equal(200, Math.Round(backoff.Next().TotalMilliseconds));
        Assert.Equal(400, Math.Round(backoff.Next().TotalMilliseconds));
    }

    [Fact]
    public void AgentsOfARestartedRelay_RetrySpreadAcrossTheWholeWindow()
    {
        const int agents = 1_000;
        const int failures = 4;
        var window = Initial.TotalMilliseconds * Math.Pow(2, failures);

        // Each agent is a process of its own with its own random source; all have failed the same number of times.
        var delays = Enumerable.Range(0, agents).Select(seed =>
        {
            var backoff = new ReconnectBackoff(Initial, Cap, new Random(seed));
            for (var i = 0; i < failures; i++) backoff.Next();
            return backoff.Next().TotalMilliseconds;
        }).ToArray();

        Assert.All(delays, d => Assert.InRange(d, 0, window));
        var perTenth = delays.GroupBy(d => Math.Min(9, (int)(d / window * 10))).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(10, perTenth.Count);
        // Evenly spread is 100 per tenth; no tenth of the window gets a crowd.
        Assert.All(perTenth.Values, count => Assert.InRange(count, 60, 140));
    }

    /// <summary>Draws the top of every window, so each delay shows the window itself.</summary>
    private sealed class AlwaysTopOfWindow : Random
    {
        public override double NextDouble() => 1.0;
    }
}
