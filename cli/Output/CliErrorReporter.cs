using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;
using Paralus.Cli.Api;

namespace Paralus.Cli.Output;

/// <summary>The one place where failures become a message on stderr and an exit code; never a stack trace.</summary>
internal sealed class CliErrorReporter(TextWriter error)
{
    public const int Failure = 1;
    public const int Cancelled = 130;

    public int Report(Exception exception)
    {
        switch (exception)
        {
            case ApiProblemException problem:
                WriteProblem(problem);
                return Failure;
            case ServerUnreachableException unreachable:
                error.WriteLine(unreachable.Message);
                return Failure;
            case OperationCanceledException:
                error.WriteLine("error: cancelled.");
                return Cancelled;
            default:
                error.WriteLine($"error: {exception.Message}");
                return Failure;
        }
    }

    /// <summary>
    /// Parse errors, kubectl-style: what is wrong and where to read more, instead of the whole help text (which
    /// would bury the one line that matters).
    /// </summary>
    public int ReportUsage(ParseResult parseResult)
    {
        foreach (var parseError in parseResult.Errors)
        {
            error.WriteLine($"error: {parseError.Message}");
        }

        var names = new Stack<string>();
        for (var result = parseResult.CommandResult; result.Parent is CommandResult parent; result = parent)
        {
            names.Push(result.Command.Name);
        }

        error.WriteLine($"See 'paralus {string.Join(' ', names)} --help' for usage.".Replace("  ", " "));
        return Failure;
    }

    private void WriteProblem(ApiProblemException exception)
    {
        var problem = exception.Problem;
        error.WriteLine($"Error from server ({ReasonOf(exception.Status)}): {problem.Detail ?? problem.Title}");
        foreach (var (field, messages) in problem.Errors ?? new Dictionary<string, string[]>())
        {
            foreach (var message in messages)
            {
                error.WriteLine($"  {field}: {message}");
            }
        }

        if (exception.Status == HttpStatusCode.Unauthorized)
        {
            error.WriteLine("Your session or API key is no longer accepted: run 'paralus login' again.");
        }
    }

    /// <summary>kubectl-style reasons in the parentheses: Conflict, NotFound, Forbidden, BadRequest, …</summary>
    private static string ReasonOf(HttpStatusCode status) => (int)status switch
    {
        422 => "Invalid",
        429 => "TooManyRequests",
        _ when Enum.IsDefined(status) => status.ToString(),
        var code => code.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
