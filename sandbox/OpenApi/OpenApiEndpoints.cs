using Microsoft.Net.Http.Headers;
using Paralus.Sandbox.Api;

namespace Paralus.Sandbox.OpenApi;

/// <summary>
/// <c>/openapi/v2</c> (protobuf for kubectl, JSON otherwise) and <c>/openapi/v3</c>, with
/// entity tags so that clients can revalidate their cached copies with <c>If-None-Match</c>.
/// </summary>
internal static class OpenApiEndpoints
{
    public static IEndpointRouteBuilder MapOpenApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/openapi/v2", (HttpContext context, PublishedOpenApi published) =>
            Write(context, context.Request.Headers.Accept.ToString().Contains("protobuf", StringComparison.OrdinalIgnoreCase)
                ? published.Current.V2Protobuf : published.Current.V2Json));
        routes.MapGet("/openapi/v3", (HttpContext context, PublishedOpenApi published) => Write(context, published.Current.V3Index));
        routes.MapGet("/openapi/v3/{**path}", (HttpContext context, PublishedOpenApi published, string path) =>
            published.Current.V3(path) is { } document
                ? Write(context, document)
                : JsonResponses.WriteAsync(context, 404, Status.Failure(404, "NotFound", "the server could not find the requested resource", new())));
        return routes;
    }

    private static Task Write(HttpContext context, OpenApiDocument document)
    {
        context.Response.Headers.ETag = document.ETag;
        context.Response.Headers.Vary = HeaderNames.Accept;
        if (context.Request.Headers.IfNoneMatch.Any(tag => tag is not null && tag.Split(',').Any(t => t.Trim() == document.ETag)))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = document.ContentType;
        context.Response.ContentLength = document.Body.Length;
        return context.Response.Body.WriteAsync(document.Body, context.RequestAborted).AsTask();
    }
}
