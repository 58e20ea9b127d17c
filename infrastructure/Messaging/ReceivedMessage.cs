namespace Paralus.Infrastructure.Messaging;

/// <summary>A delivered message as the handler sees it. Id, type and version are null when the sender left them out.</summary>
public sealed record ReceivedMessage(string? MessageId, string? Type, int? SchemaVersion, ReadOnlyMemory<byte> Body, uint DeliveryCount);
