using System.Threading.Channels;
using Paralus.Infrastructure.Messaging;

namespace Paralus.Infrastructure.Tests.Messaging;

/// <summary>A handler that records every delivery and (re)subscription, and settles as the test scripts it.</summary>
internal sealed class TestHandler : IMessageHandler
{
    private readonly Func<ReceivedMessage, int, CancellationToken, Task<MessageSettlement>> _handle;
    private readonly Channel<ReceivedMessage> _received = Channel.CreateUnbounded<ReceivedMessage>();
    private int _calls;
    private int _subscribed;
    private int _inFlight;
    private int _maxInFlight;

    public TestHandler(Func<ReceivedMessage, int, CancellationToken, Task<MessageSettlement>> handle) => _handle = handle;

    /// <summary>The n-th delivery is settled by the n-th step; the last step repeats.</summary>
    public TestHandler(params Func<ReceivedMessage, MessageSettlement>[] script)
        : this((message, call, _) => Task.FromResult(script[Math.Min(call, script.Length - 1)](message)))
    {
    }

    public static TestHandler Accepting() => new(_ => MessageSettlement.Accept);

    public int Subscribed => Volatile.Read(ref _subscribed);

    /// <summary>How many catch-ups (OnSubscribedAsync calls) fail first, as when storage is unreachable.</summary>
    public int FailingCatchUps { get; init; }

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public Task OnSubscribedAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _subscribed) <= FailingCatchUps) throw new IOException("storage is unreachable");
        return Task.CompletedTask;
    }

    public async Task<MessageSettlement> HandleAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        int max;
        while (inFlight > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, inFlight, max) != max)
        {
        }

        _received.Writer.TryWrite(message);
        try
        {
            return await _handle(message, Interlocked.Increment(ref _calls) - 1, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>The next delivery the handler saw, in order.</summary>
    public async Task<ReceivedMessage> NextAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await _received.Reader.ReadAsync(cancel.Token);
    }

    /// <summary>True when nothing more arrives within <paramref name="wait"/>.</summary>
    public async Task<bool> NothingMoreAsync(TimeSpan wait)
    {
        using var cancel = new CancellationTokenSource(wait);
        try
        {
            await _received.Reader.WaitToReadAsync(cancel.Token);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }
}
