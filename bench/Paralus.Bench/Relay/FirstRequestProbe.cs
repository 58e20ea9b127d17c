using System.Diagnostics;

namespace Paralus.Bench.Relay;

/// <summary>
/// A user's first request through the relay against later ones. Every sample of a new user is a user the relay and
/// agent have never served, on a new connection (a new kubectl process); the same with an already-served user
/// separates the connection's cost (TLS handshake) from the per-user cost. Per-user work added to the path later
/// (the agent creating a JIT service account and fetching its token) lands in the new-user figure by itself.
/// </summary>
internal static class FirstRequestProbe
{
    public const int WarmRequestsPerUser = 20;

    public static async Task<FirstRequestResult> MeasureAsync(RelayBenchStack stack, int samples)
    {
        var newUsers = await stack.CreateUsersAsync("first-" + Guid.NewGuid().ToString("N")[..6], samples);
        var direct = new List<double>();
        var knownUser = new List<double>();
        var newUser = new List<double>();
        var warm = new List<double>();
        // Interleaved so that drifting background load touches every series alike.
        foreach (var user in newUsers)
        {
            direct.Add(await FirstRequestMsAsync(stack.Direct, null));
            knownUser.Add(await FirstRequestMsAsync(stack.Relay, null));
            newUser.Add(await FirstRequestMsAsync(stack.RelayAs(user.Token), warm));
        }
        return new FirstRequestResult(samples, Median(warm), Median(direct), Median(knownUser), Median(newUser));
    }

    /// <summary>The first request's latency on a new client; then, when asked, warm requests on the same connection.</summary>
    private static async Task<double> FirstRequestMsAsync(HttpTarget target, List<double>? warm)
    {
        using var client = target.CreateClient(maxConnections: 1);
        var path = target.PathOf(RelayBenchStack.PodPath);
        var first = await TimedGetAsync(client, path);
        for (var i = 0; warm is not null && i < WarmRequestsPerUser; i++) warm.Add(await TimedGetAsync(client, path));
        return first;
    }

    private static async Task<double> TimedGetAsync(HttpClient client, string path)
    {
        var sent = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
