using Paralus.Domain.Audit;
using Paralus.Domain.Contracts;
using Paralus.Domain.Model;
using Paralus.Domain.Policy;
using Paralus.Functions.OpenApi;
using Paralus.Functions.Pipeline;
using Paralus.Infrastructure.Audit;

namespace Paralus.Functions.Apis;

/// <summary>System audit queries: newest first, filtered, paged with continuation tokens.</summary>
internal static class AuditApi
{
    private const int MaxLimit = 1000;

    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/audit").WithFunction("audit").WithTags("Audit").ProducesCallerProblems();
        api.MapGet("/system", QuerySystem).WithName("QuerySystemAudit").WithSummary("Query the system audit log, newest first.");
        return api;
    }

    public static async Task<Results<Ok<ListResponse<SystemAuditEventResource>>, ProblemHttpResult, ValidationProblem>> QuerySystem(HttpContext http, ControlPlane cp, SystemAuditLog log,
        string? actor, string? action, string? project, DateTimeOffset? since, DateTimeOffset? until, int? limit, string? @continue)
    {
        if (limit is < 1 or > MaxLimit) return Problems.Invalid("limit", $"limit must be between 1 and {MaxLimit}.");
        if (since > until) return Problems.Invalid("since", "since must not be later than until.");
        if (@continue is { Length: > 2048 }) return Problems.Invalid("continue", "the continue token is malformed; use the value returned by the previous page.");

        var access = await cp.ReadAsync(http);
        var mayReadAll = access.Policy.Check(access.Caller.UserId, Permissions.OrgAuditLogRead, PolicyTarget.Organization).IsAllowed;
        if (!mayReadAll)
        {
            // Project auditors see their project's events only.
            if (project is null || access.View.ProjectByName(project) is not { } p
                || !access.Policy.Check(access.Caller.UserId, Permissions.ProjectAuditLogRead, PolicyTarget.ForProject(p.Value.Id)).IsAllowed)
            {
                return Problems.Forbidden($"user '{access.Caller.UserName}' may not read the organization's audit log; project auditors must filter by a project they audit (--project).");
            }
        }

        try
        {
            var page = await log.QueryAsync(access.Caller.OrganizationId,
                new SystemAuditQuery(actor, action, project, since, until, limit ?? 100, @continue), http.RequestAborted);
            return TypedResults.Ok(new ListResponse<SystemAuditEventResource>(
                page.Items.Select(e => new SystemAuditEventResource(e.Id, e.Time, e.Actor, e.Action, e.Target, e.Project, e.Outcome, e.ClientAddress, e.UserAgent, e.Detail)).ToArray(),
                page.Continue));
        }
        catch (Exception e) when (e is ArgumentException or Azure.RequestFailedException { Status: 400 })
        {
            return Problems.Invalid("continue", "the continue token is malformed; use the value returned by the previous page.");
        }
    }
}
