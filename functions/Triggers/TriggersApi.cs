using System.Net;
using Paralus.Functions.Pipeline;

namespace Paralus.Functions.Triggers;

/// <summary>
/// Non-HTTP functions, invoked by the Functions host as <c>POST /{function name}</c>. Only the host (a loopback
/// caller) may call them.
/// </summary>
internal static class TriggersApi
{
    public static IEndpointRouteBuilder MapTriggers(this IEndpointRouteBuilder routes)
    {
        foreach (var name in routes.ServiceProvider.GetServices<ITimerFunction>().Select(f => f.Name))
        {
            routes.MapPost($"/{name}", (HttpContext http, CustomHandlerInvocation invocation, IEnumerable<ITimerFunction> functions) =>
                    RunAsync(http, functions.Single(f => f.Name == name)))
                .WithMetadata(new FunctionMetadata(name), new NonHttpTriggerMetadata())
                .ExcludeFromDescription()
                .AllowAnonymous();
        }
        return routes;
    }

    /// <summary>A 403 for anyone but the Functions host, which calls from loopback; null for the host.</summary>
    public static IResult? RefuseUnlessHost(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } remote && !IPAddress.IsLoopback(remote)
            ? TypedResults.Problem("trigger endpoints are for the Functions host only.", statusCode: 403, title: "Forbidden")
            : null;

    private static async Task<IResult> RunAsync(HttpContext http, ITimerFunction function)
    {
        if (RefuseUnlessHost(http) is { } refused) return refused;
        var log = await function.RunAsync(http.RequestAborted);
        return TypedResults.Ok(new CustomHandlerResult([], [log], null));
    }
}

/// <summary>Marks an endpoint as the custom-handler side of a non-HTTP function.</summary>
internal sealed record NonHttpTriggerMetadata;
