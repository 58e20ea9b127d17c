using Microsoft.Extensions.Options;
using Paralus.Functions.Configuration;
using Paralus.Functions.Pipeline;
using Scalar.AspNetCore;

namespace Paralus.Functions.OpenApi;

/// <summary>The OpenAPI document of the REST API, and the interactive reference page for people in local runs.</summary>
internal static class ApiDocumentExtensions
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/scalar";

    public static IServiceCollection AddApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, o =>
        {
            o.AddDocumentTransformer<StableDocument>();
            o.AddDocumentTransformer<SecuritySchemes>();
            o.AddOperationTransformer<SecurityRequirements>();
        });

    /// <summary>
    /// The document is public (it describes the API, not anyone's data). The reference page is only mapped in
    /// Development or with <c>Paralus:ControlPlane:ApiReference</c>: it is for a person exploring a local run.
    /// </summary>
    public static WebApplication MapApiDocument(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous().WithMetadata(new FunctionMetadata("openapi"));
        if (app.Environment.IsDevelopment() || app.Services.GetRequiredService<IOptions<ControlPlaneOptions>>().Value.ApiReference)
        {
            // The document names no server (it must not vary per request), so "try it" calls go to the page's own origin.
            app.MapScalarApiReference(ReferencePath, o => o.WithTitle("Paralus control plane API").WithDynamicBaseServerUrl()).AllowAnonymous();
        }
        return app;
    }
}
