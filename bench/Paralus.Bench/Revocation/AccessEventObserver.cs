using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Paralus.Infrastructure.Coordination;
using Paralus.Infrastructure.Messaging;
using Paralus.Testing;

namespace Paralus.Bench.Revocation;

/// <summary>
/// A third subscriber to access events beside the two relays, on a subscription of its own: when it hears of a
/// revocation tells how long the control plane's commit, outbox dispatch and the broker took, before any relay acted.
/// </summary>
internal sealed class AccessEventObserver : IMessageHandler, IAsyncDisposable
{
    private const string Subscription = "bench-observer";
    private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _received = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly ServiceProvider _services;
    private Task _running = Task.CompletedTask;

    private AccessEventObserver(ServiceProvider services) => _services = services;

    public static async Task<AccessEventObserver> StartAsync(RabbitMqBroker broker)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(broker.ConfigurationSettings()).Build();
        var observer = new AccessEventObserver(new ServiceCollection().AddLogging().AddParalusMessaging(configuration).BuildServiceProvider());
        observer._running = observer._services.GetRequiredService<IMessageSubscriber>().RunAsync(MessagingTopics.AccessEvents, Subscription, observer, observer._stop.Token);
        await observer._subscribed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return observer;
    }

    /// <summary>Completes with the Stopwatch timestamp at which a change of this type about this user or binding arrived.</summary>
    public Task<long> ReceivedAsync(string changeType, string id) => Entry(changeType, id).Task;

    public Task OnSubscribedAsync(CancellationToken cancellationToken)
    {
        _subscribed.TrySetResult();
        return Task.CompletedTask;
    }

    public Task<MessageSettlement> HandleAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        var at = Stopwatch.GetTimestamp();
        var (accessEvent, _) = AccessEventMessage.Parse(message);
        foreach (var change in accessEvent?.Changes ?? [])
        {
            // A binding change names its binding and, when bound to a user, that user too: either may be asked for.
            foreach (var id in new[] { change.UserId, change.BindingId }.OfType<string>()) Entry(change.Type, id).TrySetResult(at);
        }
        return Task.FromResult(MessageSettlement.Accept);
    }

    private TaskCompletionSource<long> Entry(string changeType, string id) =>
        _received.GetOrAdd($"{changeType} {id}", _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        await _services.DisposeAsync();
        _stop.Dispose();
    }
}
