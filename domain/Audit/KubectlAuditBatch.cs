using System.Text.Json;

namespace Paralus.Domain.Audit;

/// <summary>What a relay sends to the <c>audit</c> queue: a batch of events, in one message of type <see cref="MessageType"/>.</summary>
public sealed record KubectlAuditBatch(IReadOnlyList<KubectlAuditEvent> Events)
{
    public const string MessageType = "kubectl-audit-batch";
    public const int SchemaVersion = 1;

    /// <summary>The most a relay puts in one message; ingestion refuses more.</summary>
    public const int MaxEvents = 500;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <summary>Throws <see cref="JsonException"/> for a body that is not a batch.</summary>
    public static KubectlAuditBatch? FromJson(ReadOnlySpan<byte> body) => JsonSerializer.Deserialize<KubectlAuditBatch>(body, Json);
}
