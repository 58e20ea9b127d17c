using Paralus.Testing;

namespace Paralus.Infrastructure.Tests.Messaging;

/// <summary>One local broker for a test class: starting one takes about 6 s.</summary>
public sealed class LocalBrokerFixture : IAsyncLifetime
{
    private RabbitMqBroker? _broker;

    public RabbitMqBroker Broker => _broker!;

    public async Task InitializeAsync() => _broker = await RabbitMqBroker.StartAsync();

    public async Task DisposeAsync()
    {
        if (_broker is not null) await _broker.DisposeAsync();
    }
}
