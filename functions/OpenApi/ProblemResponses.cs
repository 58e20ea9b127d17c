
namespace Paralus.Functions.OpenApi;

/// <summary>The problem answers every endpoint behind the fallback policy can give, described once per group.</summary>
internal static class ProblemResponses
{
    /// <summary>401 without a valid credential, 403 without the permission: both <c>application/problem+json</c>.</summary>
    public static RouteGroupBuilder ProducesCallerProblems(this RouteGroupBuilder group) =>
        group.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
}
