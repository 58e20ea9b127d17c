namespace Paralus.Domain.Audit;

/// <summary>What a relay sends to the <c>audit</c> queue: a batch of events, in one message of type <see cref="MessageType"/>.</summary>
public sealed record KubectlAuditBatch(IReadOnlyList<KubectlAuditEvent> Events)
{
    public const string MessageType = "kubectl-audit-batch";
    public const int SchemaVersion = 1;

    /// <summary>The most a relay puts in one message; ingestion refuses more.</summary>
    public const int MaxEvents = 500;
}
