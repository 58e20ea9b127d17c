using Paralus.Domain.Contracts;
using Paralus.Functions.Configuration;
using Paralus.Functions.Pipeline;

namespace Paralus.Functions.Hosting;

internal static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/healthz").WithFunction("healthz").WithTags("Health").MapGet("/", Healthz).AllowAnonymous()
            .WithName("Healthz").WithSummary("The process is up.");
        routes.MapGroup("/readyz").WithFunction("readyz").WithTags("Health").MapGet("/", Readyz).AllowAnonymous()
            .WithName("Readyz").WithSummary("The organization is bootstrapped and requests can be served.").ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    public static Ok<HealthResponse> Healthz() => TypedResults.Ok(new HealthResponse("ok"));

    public static Results<Ok<HealthResponse>, ProblemHttpResult> Readyz(ServedOrganization organization) => organization.IsReady
        ? TypedResults.Ok(new HealthResponse("ready"))
        : TypedResults.Problem("the organization is still being bootstrapped.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready");
}
