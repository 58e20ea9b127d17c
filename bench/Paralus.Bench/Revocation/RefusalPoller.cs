using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Paralus.Bench.Relay;

namespace Paralus.Bench.Revocation;

/// <summary>
/// Sends a fresh GET of the bench pod as a user through every relay, again and again, until each relay refuses it
/// (401, 403 or 404), and says when each first did. One kept-alive client per relay serves every user: the user's
/// token goes with each request.
/// </summary>
internal sealed class RefusalPoller(IReadOnlyList<HttpTarget> relays) : IDisposable
{
    public static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(5);
    private readonly (HttpTarget Target, HttpClient Client)[] _relays = relays.Select(t => (t, t.CreateClient())).ToArray();

    /// <summary>Per relay, the Stopwatch timestamp of its first refusal, or null if it still answered at <paramref name="deadline"/>.</summary>
    public Task<long?[]> UntilRefusedAsync(string token, long deadline) =>
        Task.WhenAll(_relays.Select(relay => UntilRefusedAsync(relay.Target, relay.Client, token, deadline)));

    private static async Task<long?> UntilRefusedAsync(HttpTarget target, HttpClient client, string token, long deadline)
    {
        var path = target.PathOf(RelayBenchStack.PodPath);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            // Set on the request, so the client's default (the target's token) is not sent.
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            try
            {
                using var response = await client.SendAsync(request);
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound) return Stopwatch.GetTimestamp();
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                // A poll in flight when the relay applied the revocation is one of the user's open requests: it is ended too.
            }
            await Task.Delay(Pause);
        }
        return null;
    }

    public void Dispose()
    {
        foreach (var (_, client) in _relays) client.Dispose();
    }
}
