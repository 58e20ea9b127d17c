using System.Text.Json.Serialization;

namespace Paralus.Domain.AccessEvents;

/// <summary>
/// What one directory commit changed that can take access away (or give it): published once per commit through the
/// outbox. <see cref="Revision"/> is the directory revision the commit produced, so a consumer that is already at or
/// past it has nothing to do: duplicates and reordering change nothing.
/// </summary>
public sealed record AccessEvent(
    [property: JsonPropertyName("organizationId")] string OrganizationId,
    [property: JsonPropertyName("revision")] long Revision,
    [property: JsonPropertyName("occurredAt")] DateTimeOffset OccurredAt,
    [property: JsonPropertyName("changes")] IReadOnlyList<AccessChange> Changes)
{
    public const int SchemaVersion = 1;

    /// <summary>The message type: the weightiest change, so a subscriber's filter or a log line says what happened.</summary>
    [JsonIgnore]
    public string Type => Changes.Count == 0 ? AccessEventTypes.DirectoryChanged : Changes.MinBy(c => AccessEventTypes.Weight(c.Type))!.Type;

    /// <summary>One id per organization and revision: the broker's and the consumers' duplicate detection key.</summary>
    [JsonIgnore]
    public string MessageId => $"{OrganizationId}:{Revision}";
}
