namespace Paralus.Functions.Hosting;

internal static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/healthz").WithFunction("healthz").MapGet("/", () => TypedResults.Ok(new { status = "ok" })).AllowAnonymous();
        routes.MapGroup("/readyz").WithFunction("readyz").MapGet("/", (ServedOrganization organization) => organization.IsReady
            ? Results.Ok(new { status = "ready" })
            : Results.Problem("the organization is still being bootstrapped.", statusCode: 503, title: "Not ready")).AllowAnonymous();
        return routes;
    }
}
