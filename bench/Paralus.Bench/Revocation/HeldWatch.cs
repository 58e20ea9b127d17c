using System.Diagnostics;
using Paralus.Bench.Relay;

namespace Paralus.Bench.Revocation;

/// <summary>
/// A user's pod watch held open through a relay on a connection of its own (as a kubectl process would), read until
/// it ends. <see cref="Ended"/> completes with the Stopwatch timestamp at which the body stopped: the relay aborting
/// the connection is what kubectl sees as the end of its watch.
/// </summary>
internal sealed class HeldWatch : IDisposable
{
    private const string WatchPath = "api/v1/namespaces/default/pods?watch=1";
    private readonly HttpClient _client;
    private readonly HttpResponseMessage _response;

    private HeldWatch(HttpClient client, HttpResponseMessage response, Task<long> ended)
    {
        _client = client;
        _response = response;
        Ended = ended;
    }

    public Task<long> Ended { get; }

    public static async Task<HeldWatch> OpenAsync(HttpTarget target)
    {
        var client = target.CreateClient(maxConnections: 1);
        // The watch lives for the whole run; the client's request timeout must not end it.
        client.Timeout = Timeout.InfiniteTimeSpan;
        try
        {
            var response = await client.GetAsync(target.PathOf(WatchPath), HttpCompletionOption.ResponseHeadersRead);
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync();
                response.Dispose();
                throw new InvalidOperationException($"watch through {target.Name} answered {(int)response.StatusCode}: {body}");
            }
            return new HeldWatch(client, response, ReadToEndAsync(await response.Content.ReadAsStreamAsync()));
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static async Task<long> ReadToEndAsync(Stream body)
    {
        var buffer = new byte[4096];
        try
        {
            while (await body.ReadAsync(buffer) > 0)
            {
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException or ObjectDisposedException)
        {
            // An aborted connection ends the read with an error rather than end-of-stream; both are the end.
        }
        return Stopwatch.GetTimestamp();
    }

    public void Dispose()
    {
        _response.Dispose();
        _client.Dispose();
    }
}
