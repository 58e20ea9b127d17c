using Amqp;
using Amqp.Sasl;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Paralus.Infrastructure.Messaging;

/// <summary>
/// The process's one AMQP connection to the broker, shared by the publisher and every subscriber: opened on first
/// use, opened again on the next use after it failed or was dropped. Each link gets a session of its own, so a
/// session-level error (RabbitMQ ends the session on an outcome it does not know) takes down only that link.
/// </summary>
internal sealed partial class AmqpBrokerConnection : IAsyncDisposable
{
    // Heartbeats: a broker that vanished without closing the socket is noticed within this.
    private const int IdleTimeoutMs = 30_000;

    private readonly IAccessTokenSource _tokens;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly BrokerEndpoint _endpoint;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Opened? _current;
    private bool _disposed;

    public AmqpBrokerConnection(IOptions<MessagingOptions> options, IAccessTokenSource tokens, TimeProvider time, ILogger<AmqpBrokerConnection> logger)
        : this(options.Value, tokens, time, logger, BrokerEndpoint.From(options.Value))
    {
    }

    /// <summary>Tests point a Service Bus configuration at an in-process AMQP peer through <paramref name="endpoint"/>.</summary>
    internal AmqpBrokerConnection(MessagingOptions options, IAccessTokenSource tokens, TimeProvider time, ILogger logger, BrokerEndpoint endpoint)
    {
        Options = options;
        _tokens = tokens;
        _time = time;
        _logger = logger;
        _endpoint = endpoint;
    }

    public MessagingOptions Options { get; }

    public TimeProvider Time => _time;

    /// <summary>A new session for links to <paramref name="entity"/>, authorized first when Service Bus wants a token for it.</summary>
    public async Task<Session> OpenSessionAsync(string entity, CancellationToken cancellationToken)
    {
        var opened = await GetOrOpenAsync(cancellationToken);
        try
        {
            if (opened.Authorizer is { } authorizer) await authorizer.AuthorizeAsync(entity, cancellationToken);
            return new Session(opened.Connection);
        }
        catch (Exception e) when (e is not TokenRefusedException)
        {
            // A put-token that timed out or a session refused: the connection is not to be trusted any more.
            await DropAsync(opened.Connection);
            throw;
        }
    }

    /// <summary>Closes <paramref name="connection"/> if it is still the current one, so the next use opens a new one.</summary>
    public async Task DropAsync(Connection connection)
    {
        Opened? dropped = null;
        await _gate.WaitAsync();
        try
        {
            if (_current?.Connection == connection)
            {
                dropped = _current;
                _current = null;
            }
        }
        finally
        {
            _gate.Release();
        }

        if (dropped is not null) await CloseAsync(dropped);
    }

    private async Task<Opened> GetOrOpenAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _current) is { Connection.IsClosed: false } current) return current;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_current is { Connection.IsClosed: false }) return _current;
            if (_current is { } stale)
            {
                _current = null;
                await CloseAsync(stale);
            }

            Connection connection;
            try
            {
                connection = await CreateFactory().CreateAsync(Address(), cancellationToken, null);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogConnectFailed(_logger, Options.Broker, _endpoint, e.Message);
                throw;
            }

            connection.AddClosedCallback((_, error) => OnClosed(connection, AmqpLinks.Describe(error)));
            var authorizer = Options.Broker == MessageBrokerKind.ServiceBus && Options.UseManagedIdentity
                ? new CbsTokenAuthorizer(connection, Options.Namespace!, _tokens, _time, Options.OperationTimeout, _logger)
                : null;
            Volatile.Write(ref _current, new Opened(connection, authorizer));
            LogConnected(_logger, Options.Broker, _endpoint);
            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    private ConnectionFactory CreateFactory()
    {
        var factory = new ConnectionFactory();
        factory.AMQP.IdleTimeout = IdleTimeoutMs;
        factory.AMQP.ContainerId = $"paralus-{Environment.MachineName}-{Environment.ProcessId}";
        if (Options.Broker == MessageBrokerKind.ServiceBus)
        {
            factory.AMQP.HostName = Options.Namespace;
            // Managed identity: anonymous at the connection, then a token per entity through $cbs.
            if (Options.UseManagedIdentity) factory.SASL.Profile = SaslProfile.Anonymous;
        }

        return factory;
    }

    /// <summary>SASL PLAIN credentials go in the address; read per connect so a rotated password file is picked up.</summary>
    private Address Address()
    {
        var (user, password) = Options.Broker switch
        {
            MessageBrokerKind.Local => (Options.UserName, string.IsNullOrWhiteSpace(Options.PasswordFile) ? Options.Password : File.ReadAllText(Options.PasswordFile).Trim()),
            MessageBrokerKind.ServiceBus when !Options.UseManagedIdentity => (Options.SasKeyName, Options.SasKey),
            _ => (null, null),
        };
        return new Address(_endpoint.Host, _endpoint.Port, user, password, "/", _endpoint.UseTls ? "amqps" : "amqp");
    }

    private void OnClosed(Connection connection, string reason)
    {
        if (Volatile.Read(ref _current)?.Connection != connection) return;
        LogConnectionLost(_logger, Options.Broker, reason);
    }

    private static async Task CloseAsync(Opened opened)
    {
        if (opened.Authorizer is not null) await opened.Authorizer.DisposeAsync();
        AmqpLinks.CloseQuietly(opened.Connection);
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _disposed = true;
            var current = _current;
            _current = null;
            if (current is not null) await CloseAsync(current);
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed record Opened(Connection Connection, CbsTokenAuthorizer? Authorizer);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Connected to the {Broker} broker at {Endpoint}")]
    private static partial void LogConnected(ILogger logger, MessageBrokerKind broker, BrokerEndpoint endpoint);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Could not connect to the {Broker} broker at {Endpoint}: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, MessageBrokerKind broker, BrokerEndpoint endpoint, string reason);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Connection to the {Broker} broker lost: {Reason}")]
    private static partial void LogConnectionLost(ILogger logger, MessageBrokerKind broker, string reason);
}
