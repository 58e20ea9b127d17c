using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Paralus.Functions.OpenApi;

/// <summary>
/// Makes the served document the same bytes wherever it is asked for, so it can be checked in and compared: no
/// servers (they would echo the request's host), a fixed title and version.
/// </summary>
internal sealed class StableDocument : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Servers = [];
        document.Info = new OpenApiInfo
        {
            Title = "Paralus control plane",
            Version = "v1",
            Description = "Projects, users, groups, roles, role bindings, clusters, API keys, kubeconfigs and audit of one organization. "
                + "Errors are application/problem+json.",
        };
        return Task.CompletedTask;
    }
}
