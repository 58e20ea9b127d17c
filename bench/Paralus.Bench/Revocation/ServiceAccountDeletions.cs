using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Paralus.Sandbox.Hosting;

namespace Paralus.Bench.Revocation;

/// <summary>
/// One watch on the service accounts in <c>paralus-system</c>, straight to the sandbox as its admin, noting when each
/// account's DELETED event arrives: one stream observes every user's account instead of a poll per user.
/// </summary>
internal sealed class ServiceAccountDeletions : IAsyncDisposable
{
    private const string WatchPath = "api/v1/namespaces/paralus-system/serviceaccounts?watch=1";
    private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _deleted = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _client;
    private readonly HttpResponseMessage _response;
    private Task _reading = Task.CompletedTask;

    private ServiceAccountDeletions(HttpClient client, HttpResponseMessage response)
    {
        _client = client;
        _response = response;
    }

    public int Count => _deleted.Values.Count(d => d.Task.IsCompleted);

    public static async Task<ServiceAccountDeletions> StartAsync(SandboxHost sandbox)
    {
        var client = sandbox.CreateHttpClient();
        client.Timeout = Timeout.InfiniteTimeSpan;
        var response = await client.GetAsync(WatchPath, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var deletions = new ServiceAccountDeletions(client, response);
        deletions._reading = deletions.ReadAsync(await response.Content.ReadAsStreamAsync());
        return deletions;
    }

    /// <summary>Completes with the Stopwatch timestamp at which the account's DELETED event was read.</summary>
    public Task<long> DeletedAsync(string serviceAccount) => Entry(serviceAccount).Task;

    private TaskCompletionSource<long> Entry(string serviceAccount) =>
        _deleted.GetOrAdd(serviceAccount, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));

    private async Task ReadAsync(Stream body)
    {
        using var reader = new StreamReader(body);
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            var at = Stopwatch.GetTimestamp();
            using var watchEvent = JsonDocument.Parse(line);
            if (watchEvent.RootElement.GetProperty("type").GetString() != "DELETED") continue;
            if (watchEvent.RootElement.GetProperty("object").GetProperty("metadata").GetProperty("name").GetString() is { } name) Entry(name).TrySetResult(at);
        }
        throw new InvalidOperationException("the sandbox ended the service-account watch while deletions were being observed");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reading;
        }
        catch (OperationCanceledException)
        {
        }
        _response.Dispose();
        _client.Dispose();
        _stop.Dispose();
    }
}
