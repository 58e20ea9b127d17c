using Paralus.Domain.Contracts;
using Paralus.Domain.Model;
using Paralus.Domain.Policy;
using Paralus.Functions.OpenApi;
using Paralus.Functions.Pipeline;

namespace Paralus.Functions.Apis;

/// <summary><c>can-i</c>: may a user do a permission at a scope, and why. Asking about someone else needs <c>user.read</c>.</summary>
internal static class AuthzApi
{
    public static RouteGroupBuilder MapAuthzApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/authz").WithFunction("authz").WithTags("Authorization").ProducesCallerProblems();
        api.MapGet("/can-i", CanI).WithName("CanI").WithSummary("Whether a user holds a permission at a scope, and why.").ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    public static async Task<Results<Ok<CanIResponse>, ProblemHttpResult, ValidationProblem>> CanI(HttpContext http, ControlPlane cp, string? permission, string? user, string? project, string? @namespace)
    {
        if (string.IsNullOrEmpty(permission)) return Problems.Invalid("permission", "permission is required, e.g. cluster.read.");
        if (!Permissions.All.Contains(permission)) return Problems.Invalid("permission", $"unknown permission '{permission}'. List valid ones with 'GET /api/v1/permissions'.");
        if (@namespace is not null && project is null) return Problems.Invalid("project", "a namespace question needs its project too.");

        var access = await cp.ReadAsync(http);
        var subjectName = user ?? access.Caller.UserName;
        if (!string.Equals(subjectName, access.Caller.UserName, StringComparison.OrdinalIgnoreCase)
            && await cp.DenyUnlessAsync(http, access, Permissions.UserRead, PolicyTarget.Organization) is { } denied)
        {
            return denied;
        }
        if (access.View.UserByName(subjectName) is not { } subject) return Problems.NotFound("user", subjectName);

        PolicyTarget target = PolicyTarget.Organization;
        if (project is not null)
        {
            // A project the caller may not see answers like one that does not exist, whoever the question is about.
            if (access.Find(Lookups.Project(project)) is not { } p) return Problems.NotFound("project", project);
            target = @namespace is null ? PolicyTarget.ForProject(p.Value.Id) : PolicyTarget.ForNamespace(p.Value.Id, @namespace);
        }

        var decision = access.Policy.Check(subject.Value.Id, permission, target);
        var scope = project is null ? "organization" : @namespace is null ? $"project/{project}" : $"project/{project}/namespace/{@namespace}";
        var reason = decision.Explanation.Replace(target.ToString(), scope, StringComparison.Ordinal);
        return TypedResults.Ok(new CanIResponse(decision.IsAllowed, subject.Value.Name, permission, scope, reason));
    }
}
