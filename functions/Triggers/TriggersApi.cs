using System.Net;

namespace Paralus.Functions.Triggers;

/// <summary>
/// Non-HTTP functions, invoked by the Functions host as <c>POST /{function name}</c>. Only the host (a loopback
/// caller) may call them.
/// </summary>
internal static class TriggersApi
{
    public static IEndpointRouteBuilder MapTriggers(this IEndpointRouteBuilder routes)
    {
        routes.MapPost($"/{AuditRetentionTrigger.FunctionName}", RunAuditRetention)
            .WithMetadata(new Hosting.FunctionMetadata(AuditRetentionTrigger.FunctionName), new NonHttpTriggerMetadata())
            .AllowAnonymous();
        return routes;
    }

    public static async Task<IResult> RunAuditRetention(HttpContext http, CustomHandlerInvocation invocation, AuditRetentionTrigger trigger)
    {
        if (http.Connection.RemoteIpAddress is { } remote && !IPAddress.IsLoopback(remote))
        {
            return TypedResults.Problem("trigger endpoints are for the Functions host only.", statusCode: 403, title: "Forbidden");
        }
        var log = await trigger.RunAsync(http.RequestAborted);
        return TypedResults.Ok(new CustomHandlerResult([], [log], null));
    }
}

/// <summary>Marks an endpoint as the custom-handler side of a non-HTTP function.</summary>
internal sealed record NonHttpTriggerMetadata;
