using System.Text.Json;
using Paralus.Domain.Audit;
using Paralus.Functions.Configuration;
using Paralus.Infrastructure.Audit;
using Paralus.Infrastructure.Messaging;

namespace Paralus.Functions.Audit;

/// <summary>
/// The audit ingestion function: one batch from the <c>audit</c> queue into <see cref="KubectlAuditLog"/>. A batch
/// that is not one (wrong type or version, bad JSON, an event without what a record needs, another organization's)
/// is refused with the reason, to be dead-lettered; a storage failure throws, so the batch comes again. Storing is
/// idempotent, so redelivery and duplicates change nothing.
/// </summary>
internal sealed partial class KubectlAuditIngestion(KubectlAuditLog log, ServedOrganization organization, ILogger<KubectlAuditIngestion> logger)
{
    private const int MaxIdLength = 64;

    public async Task<MessageSettlement> IngestAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        if (message.Type is { } type && type != KubectlAuditBatch.MessageType) return Refuse(message, $"unknown message type '{type}'");
        if (message.SchemaVersion is { } version && version != KubectlAuditBatch.SchemaVersion) return Refuse(message, $"unsupported schema version {version}");
        KubectlAuditBatch? batch;
        try
        {
            batch = KubectlAuditBatch.FromJson(message.Body.Span);
        }
        catch (JsonException e)
        {
            return Refuse(message, $"not a JSON audit batch: {e.Message}");
        }
        if (batch?.Events is not { Count: > 0 and <= KubectlAuditBatch.MaxEvents } events)
        {
            return Refuse(message, $"a batch holds 1 to {KubectlAuditBatch.MaxEvents} events");
        }
        for (var i = 0; i < events.Count; i++)
        {
            if (Problem(events[i]) is { } problem) return Refuse(message, $"event {i}: {problem}");
        }

        await log.WriteAsync(events, cancellationToken);
        LogStored(logger, events.Count, message.MessageId);
        return MessageSettlement.Accept;
    }

    private string? Problem(KubectlAuditEvent? e) => e switch
    {
        null => "null",
        { Id: not { Length: > 0 and <= MaxIdLength } } => $"id must be 1 to {MaxIdLength} characters",
        _ when !e.Id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') => "id may hold letters, digits and '-' only",
        _ when e.OrganizationId != organization.Id => $"organization '{e.OrganizationId}' is not the one this control plane serves",
        { Cluster: not { Length: > 0 } } or { User: not { Length: > 0 } } or { UserId: not { Length: > 0 } } => "cluster, user and userId are required",
        { Verb: null } or { RequestUri: null } or { CredentialKind: null } => "verb, requestUri and credentialKind are required",
        { Decision: not (KubectlAuditDecisions.Allow or KubectlAuditDecisions.Deny) } => $"decision must be '{KubectlAuditDecisions.Allow}' or '{KubectlAuditDecisions.Deny}'",
        { Status: < 100 or > 599 } => "status must be an HTTP status code",
        { Time.Year: < 2000 } => "time is missing",
        _ => null,
    };

    private MessageSettlement Refuse(ReceivedMessage message, string reason)
    {
        LogRefused(logger, message.MessageId, reason);
        return MessageSettlement.Reject(reason);
    }

    [LoggerMessage(EventId = 1501, Level = LogLevel.Debug, Message = "Stored {Events} kubectl audit events of batch {BatchId}")]
    private static partial void LogStored(ILogger logger, int events, string? batchId);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "Refused audit batch {BatchId}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string? batchId, string reason);
}
