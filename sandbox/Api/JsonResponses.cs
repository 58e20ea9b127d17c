using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Paralus.Sandbox.Api;

/// <summary>Writes JSON bodies straight from <see cref="JsonNode"/>s.</summary>
internal static class JsonResponses
{
    /// <summary>Like Go's encoder: quotes and '&lt;' stay readable instead of \u0022.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonSerializerOptions SerializerOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Encodes the whole body first and sends it with a Content-Length, as kube-apiserver answers a request for an
    /// object: one write instead of chunks and a closing chunk.
    /// </summary>
    public static async Task WriteAsync(HttpContext context, int statusCode, JsonNode body, string contentType = "application/json")
    {
        var encoded = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(encoded, WriterOptions)) body.WriteTo(writer);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = encoded.WrittenCount;
        await context.Response.Body.WriteAsync(encoded.WrittenMemory, context.RequestAborted);
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
