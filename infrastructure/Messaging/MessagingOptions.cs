namespace Paralus.Infrastructure.Messaging;

/// <summary>
/// <c>Paralus:Messaging</c>: which AMQP 1.0 broker carries access events, and how to sign in to it. One setting
/// (<see cref="Broker"/>) switches between Azure Service Bus and the local RabbitMQ; <see cref="MessageBrokerKind.None"/>
/// leaves relays on periodic snapshot refresh alone.
/// </summary>
public sealed class MessagingOptions
{
    public const string Section = "Paralus:Messaging";

    public MessageBrokerKind Broker { get; set; } = MessageBrokerKind.None;

    /// <summary>Local broker: host and AMQP port.</summary>
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 5672;

    /// <summary>Local broker: SASL PLAIN user and password.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>Local broker: a file holding the password (mode 0600), instead of <see cref="Password"/>.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>Service Bus: the namespace's host name, <c>NAME.servicebus.windows.net</c>.</summary>
    public string? Namespace { get; set; }

    /// <summary>Service Bus: a shared access policy for SASL PLAIN. Without one, <see cref="UseManagedIdentity"/> must be set.</summary>
    public string? SasKeyName { get; set; }

    public string? SasKey { get; set; }

    /// <summary>Service Bus: authorize each link with a <c>$cbs</c> put-token carrying an Entra ID token of the managed identity.</summary>
    public bool UseManagedIdentity { get; set; }

    /// <summary>Service Bus: a user-assigned managed identity's client id; empty for the system-assigned one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Messages a consumer may hold unsettled at once (link credit).</summary>
    public int Prefetch { get; set; } = 64;

    /// <summary>Reconnect backoff doubles from 100 ms up to this, with jitter.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Deliveries of one message before a consumer gives up on it and dead-letters it.</summary>
    public int MaxDeliveryCount { get; set; } = 10;

    /// <summary>How long a connect, a link attach or a publish may take, so a dead broker never blocks a caller for long.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
