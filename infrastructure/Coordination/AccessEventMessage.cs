using System.Text.Json;
using Paralus.Domain.AccessEvents;
using Paralus.Infrastructure.Messaging;

namespace Paralus.Infrastructure.Coordination;

/// <summary>An <see cref="AccessEvent"/> as a message on <see cref="MessagingTopics.AccessEvents"/>, and back, refusing anything malformed.</summary>
public static class AccessEventMessage
{
    private const int MaxBodyBytes = 256 * 1024;

    public static OutgoingMessage ToMessage(AccessEvent accessEvent) =>
        new(accessEvent.MessageId, accessEvent.Type, AccessEvent.SchemaVersion, JsonSerializer.SerializeToUtf8Bytes(accessEvent));

    /// <summary>The event, or null with the reason the message cannot be one (it is then dead-lettered, not retried).</summary>
    public static (AccessEvent? Event, string? Refusal) Parse(ReceivedMessage message)
    {
        if (message.SchemaVersion != AccessEvent.SchemaVersion) return (null, $"schema version {message.SchemaVersion?.ToString() ?? "(none)"} is not {AccessEvent.SchemaVersion}");
        if (!AccessEventTypes.IsKnown(message.Type)) return (null, $"unknown access event type '{message.Type ?? "(none)"}'");
        if (message.Body.Length > MaxBodyBytes) return (null, $"the body is {message.Body.Length} bytes; at most {MaxBodyBytes} are accepted");

        AccessEvent? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<AccessEvent>(message.Body.Span);
        }
        catch (JsonException e)
        {
            return (null, $"the body is not an access event: {e.Message}");
        }

        if (parsed is null || string.IsNullOrWhiteSpace(parsed.OrganizationId)) return (null, "the body has no organizationId");
        if (parsed.Revision <= 0) return (null, $"revision {parsed.Revision} is not positive");
        if (parsed.Changes is null) return (null, "the body has no changes");
        if (parsed.Changes.FirstOrDefault(c => !AccessEventTypes.IsKnown(c?.Type)) is { } unknown) return (null, $"unknown change type '{unknown?.Type ?? "(none)"}'");
        return (parsed, null);
    }
}
