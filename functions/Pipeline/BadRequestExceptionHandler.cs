using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Paralus.Functions.Pipeline;

/// <summary>
/// Turns request-binding failures (malformed or unknown JSON, wrong content type, oversized body, bad query values)
/// into precise problem responses, so a client mistake never becomes a 500.
/// </summary>
internal sealed partial class BadRequestExceptionHandler(ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad) return false;
        if (bad.StatusCode is StatusCodes.Status413PayloadTooLarge or StatusCodes.Status415UnsupportedMediaType)
        {
            // ProblemDetails customization words these; only the status needs setting.
            http.Response.StatusCode = bad.StatusCode;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new() { HttpContext = http });
            return true;
        }
        var (status, title, detail) = Describe(bad);
        LogRefused(logger, http.Request.Method, http.Request.Path, status, detail);
        http.Response.StatusCode = status;
        await TypedResults.Problem(detail, statusCode: status, title: title).ExecuteAsync(http);
        return true;
    }

    private static (int Status, string Title, string Detail) Describe(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json) return (400, "Invalid JSON", DescribeJson(json));
        return (bad.StatusCode, "Bad request", bad.Message);
    }

    private static string DescribeJson(JsonException json)
    {
        var path = json.Path is { Length: > 2 } p ? p[2..] : json.Path;
        if (json.Message == JsonRefusals.NullElement) return $"field '{path}' must not contain null.";
        if (json.Message == JsonRefusals.DuplicateKey) return $"field '{path}' holds a key more than once.";
        if (json.Message.StartsWith("Duplicate propert", StringComparison.Ordinal)) return $"field '{path}' is given more than once.";
        if (json.Message.Contains("could not be mapped", StringComparison.Ordinal)) return $"unknown field '{path}' in the request body.";
        if (json.Message.Contains("missing required properties", StringComparison.Ordinal))
        {
            var start = json.Message.IndexOf("including:", StringComparison.Ordinal);
            return "the request body is missing required field(s)" + (start >= 0 ? json.Message[(start + "including".Length)..].TrimEnd('.') : string.Empty) + ".";
        }
        if (json.Message.Contains("null", StringComparison.OrdinalIgnoreCase) && path is not null) return $"field '{path}' must not be null.";
        return path is null or "" ? "the request body is not valid JSON." : $"field '{path}' has a value of the wrong type or the JSON is malformed there.";
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Refused {Method} {Path}: {Status} {Detail}")]
    private static partial void LogRefused(ILogger logger, string method, PathString path, int status, string detail);
}
