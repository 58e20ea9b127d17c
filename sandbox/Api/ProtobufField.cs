namespace Paralus.Sandbox.Api;

/// <summary>One field of a protobuf message: JSON name, kind and, for messages, the message type.</summary>
internal sealed record ProtobufField(string Name, FieldKind Kind, string? Type = null);
