using System.Net;

namespace Paralus.Cli.Api;

/// <summary>The server answered with an error status; <see cref="Problem"/> says why.</summary>
internal sealed class ApiProblemException(HttpStatusCode status, ApiProblem problem)
    : Exception(problem.Detail ?? problem.Title ?? status.ToString())
{
    public HttpStatusCode Status { get; } = status;

    public ApiProblem Problem { get; } = problem;
}
