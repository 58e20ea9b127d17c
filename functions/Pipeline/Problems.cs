using Paralus.Domain.Directory;

namespace Paralus.Functions.Pipeline;

/// <summary>Every error the API returns, as <c>application/problem+json</c> with a message a person can act on.</summary>
internal static class Problems
{
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: message, title: "Invalid request");

    public static ProblemHttpResult BadRequest(string message) => TypedResults.Problem(message, statusCode: 400, title: "Bad request");

    public static ProblemHttpResult NotFound(string kind, string name) => TypedResults.Problem($"{kind} '{name}' not found.", statusCode: 404, title: "Not found");

    public static ProblemHttpResult Forbidden(string message) => TypedResults.Problem(message, statusCode: 403, title: "Forbidden");

    /// <summary>A 429 with <c>Retry-After</c> in whole seconds, rounded up so a client that waits that long is not refused again.</summary>
    public static ProblemHttpResult TooManyRequests(HttpContext http, string message, TimeSpan retryAfter)
    {
        http.Response.Headers.RetryAfter = Seconds(retryAfter).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(message, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests");
    }

    public static long Seconds(TimeSpan duration) => (long)Math.Ceiling(duration.TotalSeconds);

    public static ProblemHttpResult From(DirectoryError error) => error.Kind switch
    {
        DirectoryErrorKind.Invalid => TypedResults.Problem(error.Message, statusCode: 400, title: "Invalid request"),
        DirectoryErrorKind.NotFound => TypedResults.Problem(error.Message, statusCode: 404, title: "Not found"),
        DirectoryErrorKind.PreconditionFailed => TypedResults.Problem(error.Message, statusCode: 412, title: "Precondition failed"),
        _ => TypedResults.Problem(error.Message, statusCode: 409, title: "Conflict"),
    };
}
