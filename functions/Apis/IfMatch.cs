namespace Paralus.Functions.Apis;

/// <summary>The ETag a client says it last read (<c>If-Match</c>), for conditional updates.</summary>
internal static class IfMatch
{
    public static string? From(HttpContext http)
    {
        var value = http.Request.Headers.IfMatch.ToString();
        return string.IsNullOrWhiteSpace(value) || value == "*" ? null : value.Trim();
    }
}
