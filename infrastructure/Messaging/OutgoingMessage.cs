namespace Paralus.Infrastructure.Messaging;

/// <summary>
/// A message to publish: its id (consumers de-duplicate on it), its type and schema version (AMQP application
/// properties, so a consumer can refuse what it does not understand before parsing), and a JSON body.
/// </summary>
public sealed record OutgoingMessage(string MessageId, string Type, int SchemaVersion, ReadOnlyMemory<byte> Body);
