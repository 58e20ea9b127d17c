using Paralus.Domain.Directory;
using Paralus.Domain.Policy;

namespace Paralus.Functions.Pipeline;

/// <summary>
/// How to find one thing by name, whether a caller may see it, and the scope changes to it are authorized at. What
/// the caller may not see is answered exactly as if it did not exist.
/// </summary>
/// <param name="Field">The request-body field that named it (answered 400 naming the field), or null for a path (404).</param>
internal sealed record Lookup<T>(
    string Kind,
    string Name,
    Func<DirectoryView, Stored<T>?> Find,
    Func<RequestAccess, T, bool> IsVisible,
    Func<T, PolicyTarget> ScopeOf,
    string? Field = null)
{
    public Results<TSuccess, ProblemHttpResult, ValidationProblem> Missing<TSuccess>()
        where TSuccess : IResult =>
        Field is null ? Problems.NotFound(Kind, Name) : Problems.Invalid(Field, $"{Kind} '{Name}' does not exist.");
}
