using Paralus.Domain.Audit;
using Paralus.Domain.Contracts;
using Paralus.Domain.Model;
using Paralus.Domain.Policy;
using Paralus.Functions.OpenApi;
using Paralus.Functions.Pipeline;
using Paralus.Infrastructure.Audit;

namespace Paralus.Functions.Apis;

/// <summary>System and kubectl audit queries: newest first, filtered, paged with continuation tokens.</summary>
internal static class AuditApi
{
    private const int MaxLimit = 1000;

    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/audit").WithFunction("audit").WithTags("Audit").ProducesCallerProblems();
        api.MapGet("/system", QuerySystem).WithName("QuerySystemAudit").WithSummary("Query the system audit log, newest first.");
        api.MapGet("/kubectl", QueryKubectl).WithName("QueryKubectlAudit").WithSummary("Query what people did with kubectl through the relays, newest first.");
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

    public static async Task<Results<Ok<ListResponse<KubectlAuditEventResource>>, ProblemHttpResult, ValidationProblem>> QueryKubectl(HttpContext http, ControlPlane cp, KubectlAuditLog log,
        string? cluster, string? project, string? user, string? @namespace, string? resource, string? name, string? verb, string? decision, string? status,
        DateTimeOffset? since, DateTimeOffset? until, int? limit, string? @continue)
    {
        if (limit is < 1 or > MaxLimit) return Problems.Invalid("limit", $"limit must be between 1 and {MaxLimit}.");
        if (since > until) return Problems.Invalid("since", "since must not be later than until.");
        if (until - since > MaxSpan) return Problems.Invalid("since", $"a query spans at most {MaxSpan.TotalDays} days.");
        if (decision is not (null or KubectlAuditDecisions.Allow or KubectlAuditDecisions.Deny)) return Problems.Invalid("decision", "decision must be 'allow' or 'deny'.");
        int? statusClass = status switch
        {
            null => null,
            [var digit and >= '1' and <= '5', 'x' or 'X', 'x' or 'X'] => digit - '0',
            _ => -1,
        };
        if (statusClass < 0) return Problems.Invalid("status", "status must be a class such as 2xx, 4xx or 5xx.");
        if (@continue is { Length: > 2048 }) return Problems.Invalid("continue", "the continue token is malformed; use the value returned by the previous page.");

        var access = await cp.ReadAsync(http);
        var mayReadAll = access.Policy.Check(access.Caller.UserId, Permissions.OrgRelayAuditRead, PolicyTarget.Organization).IsAllowed;
        if (!mayReadAll
            && (project is null || access.View.ProjectByName(project) is not { } p
                || !access.Policy.Check(access.Caller.UserId, Permissions.ProjectRelayAuditRead, PolicyTarget.ForProject(p.Value.Id)).IsAllowed))
        {
            // Project auditors see their project's requests only.
            return Problems.Forbidden($"user '{access.Caller.UserName}' may not read the organization's kubectl audit; project auditors must filter by a project they audit (--project).");
        }

        try
        {
            var from = since ?? (until ?? cp.Time.GetUtcNow()).AddDays(-1);
            var page = await log.QueryAsync(access.Caller.OrganizationId,
                new KubectlAuditQuery(cluster, project, user, @namespace, resource, name, verb, decision, statusClass, from, until, limit ?? 100, @continue),
                cp.Time.GetUtcNow(), http.RequestAborted);
            return TypedResults.Ok(new ListResponse<KubectlAuditEventResource>(page.Items.Select(ToResource).ToArray(), page.Continue));
        }
        catch (Exception e) when (e is ArgumentException or Azure.RequestFailedException { Status: 400 })
        {
            return Problems.Invalid("continue", "the continue token is malformed; use the value returned by the previous page.");
        }
    }

    private static readonly TimeSpan MaxSpan = TimeSpan.FromDays(366);

    private static KubectlAuditEventResource ToResource(KubectlAuditEvent e) => new(
        e.Id, e.Time, e.Project, e.Cluster, e.User, e.CredentialKind, e.SourceAddress, e.UserAgent, e.Verb, e.ApiGroup, e.Resource, e.Subresource,
        e.Namespace, e.Name, e.RequestUri, e.Status, e.Decision, e.Reason, e.DurationMs, e.BytesIn, e.BytesOut, e.ServiceAccount,
        e.Session is { } s ? new KubectlSessionResource(s.Container, s.Command, s.Tty, s.Ports) : null);
}
