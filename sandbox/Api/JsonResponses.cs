using System.Text.Json;
using System.Text.Json.Nodes;

namespace Paralus.Sandbox.Api;

/// <summary>Writes JSON bodies straight from <see cref="JsonNode"/>s.</summary>
internal static class JsonResponses
{
    /// <summary>Like Go's encoder: quotes and '&lt;' stay readable instead of \u0022.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonSerializerOptions SerializerOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(HttpContext context, int statusCode, JsonNode body, string contentType = "application/json")
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = contentType;
        await using var writer = new Utf8JsonWriter(context.Response.Body, WriterOptions);
        body.WriteTo(writer);
        await writer.FlushAsync(context.RequestAborted);
    }

    public static Task WriteStatusAsync(HttpContext context, StatusException error) =>
        WriteAsync(context, error.Code, error.ToStatus());

    public static async Task<JsonObject> ReadObjectAsync(HttpContext context)
    {
        var contentType = context.Request.ContentType ?? "application/json";
        if (contentType.StartsWith(ProtobufDecoder.ContentType, StringComparison.OrdinalIgnoreCase))
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            return ProtobufDecoder.Decode(buffer.ToArray());
        }
        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException e)
        {
            throw StatusException.BadRequest($"the body of the request was in an unknown format: {e.Message}");
        }
        return node as JsonObject ?? throw StatusException.BadRequest("the body of the request must be a JSON object");
    }
}
