using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Paralus.Functions.OpenApi;

/// <summary>
/// Every operation that is not anonymous takes either credential: the fallback policy, not endpoint metadata, is what
/// demands it, so the document learns it from the absence of <see cref="IAllowAnonymous"/>.
/// </summary>
internal sealed class SecurityRequirements : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any()) return Task.CompletedTask;
        operation.Security ??= [];
        foreach (var scheme in new[] { SecuritySchemes.Session, SecuritySchemes.ApiKey })
        {
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] });
        }
        return Task.CompletedTask;
    }
}
