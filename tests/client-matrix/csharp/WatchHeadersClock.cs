namespace Paralus.ClientMatrix.CSharp;

/// <summary>
/// Notes when the response headers of the first watch request arrive. The client's watch API only
/// yields events, and a quiet watch has none, so this is the one place that sees the headers come.
/// </summary>
internal sealed class WatchHeadersClock(TimeProvider time) : DelegatingHandler
{
    private readonly TaskCompletionSource<long> received = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The <see cref="TimeProvider.GetTimestamp"/> at which the headers arrived.</summary>
    public Task<long> Received => received.Task;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.RequestUri?.Query.Contains("watch=true", StringComparison.Ordinal) == true)
        {
            received.TrySetResult(time.GetTimestamp());
        }
        return response;
    }
}
