using System.Text;
using System.Text.Json;
using Paralus.Domain.Audit;
using Paralus.Functions.Audit;
using Paralus.Functions.Pipeline;
using Paralus.Infrastructure.Messaging;

namespace Paralus.Functions.Triggers;

/// <summary>
/// Service Bus trigger "audit-ingest": the Functions host POSTs each message of the <c>audit</c> queue here. A
/// refused or unstored batch answers 500, so Service Bus delivers it again and, past its max delivery count,
/// dead-letters it; the reason is in the function's log.
/// </summary>
internal static class AuditIngestTrigger
{
    public const string FunctionName = "audit-ingest";

    public static IEndpointRouteBuilder MapAuditIngestTrigger(this IEndpointRouteBuilder routes)
    {
        routes.MapPost($"/{FunctionName}", IngestAsync)
            .WithMetadata(new FunctionMetadata(FunctionName), new NonHttpTriggerMetadata())
            .ExcludeFromDescription()
            .AllowAnonymous();
        return routes;
    }

    private static async Task<IResult> IngestAsync(HttpContext http, CustomHandlerInvocation invocation, KubectlAuditIngestion ingestion)
    {
        if (TriggersApi.RefuseUnlessHost(http) is { } refused) return refused;
        if (invocation.Data?.GetValueOrDefault("batch") is not { ValueKind: JsonValueKind.String or JsonValueKind.Object } data)
        {
            return TypedResults.Problem("the invocation carries no 'batch' message.", statusCode: 400, title: "Bad request");
        }
        // The host passes a JSON message body either as the object itself or as a string holding it.
        var body = data.ValueKind == JsonValueKind.String ? Encoding.UTF8.GetBytes(data.GetString()!) : Encoding.UTF8.GetBytes(data.GetRawText());
        var messageId = invocation.Metadata?.GetValueOrDefault("MessageId") is { ValueKind: JsonValueKind.String } id ? id.GetString() : null;
        var settlement = await ingestion.IngestAsync(new ReceivedMessage(messageId, KubectlAuditBatch.MessageType, KubectlAuditBatch.SchemaVersion, body, 0), http.RequestAborted);
        return settlement.Kind == MessageSettlementKind.Accept
            ? TypedResults.Ok(new CustomHandlerResult([], [$"stored audit batch {messageId}"], null))
            : TypedResults.Problem(settlement.Reason, statusCode: 500, title: "Audit batch refused");
    }
}
