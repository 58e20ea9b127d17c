using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Paralus.Functions.OpenApi;

/// <summary>
/// The two bearer credentials the API accepts, declared once for the whole document. Both travel in the
/// <c>Authorization</c> header; the handler tells them apart by the API key's <c>pk_</c> prefix.
/// </summary>
internal sealed class SecuritySchemes : IOpenApiDocumentTransformer
{
    public const string Session = "session";
    public const string ApiKey = "apiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Session] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A session token from POST /api/v1/auth/login.",
        };
        document.Components.SecuritySchemes[ApiKey] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key (pk_…) from POST /api/v1/apikeys, sent as a bearer token.",
        };
        return Task.CompletedTask;
    }
}
