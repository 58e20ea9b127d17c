using Paralus.Functions.Configuration;
using Paralus.Functions.Pipeline;

namespace Paralus.Functions.Hosting;

internal static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/healthz").WithFunction("healthz").WithTags("Health").MapGet("/", () => TypedResults.Ok(new { status = "ok" })).AllowAnonymous()
            .WithName("Healthz").WithSummary("The process is up.");
        routes.MapGroup("/readyz").WithFunction("readyz").WithTags("Health").MapGet("/", (ServedOrganization organization) => organization.IsReady
            ? Results.Ok(new { status = "ready" })
            : Results.Problem("the organization is still being bootstrapped.", statusCode: 503, title: "Not ready")).AllowAnonymous()
            .WithName("Readyz").WithSummary("The organization is bootstrapped and requests can be served.").ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }
}
