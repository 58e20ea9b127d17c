using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Paralus.Domain.Audit;
using Paralus.Domain.Contracts;
using Paralus.Domain.Model;
using Paralus.Domain.Policy;
using Paralus.Functions.Auth;
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
        api.MapGet("/kubectl/export", ExportKubectl).WithName("ExportKubectlAudit")
            .WithSummary("Every matching kubectl audit event, streamed as JSON lines, CSV, or Kubernetes audit Events (format=jsonl|csv|k8s).");
        api.MapGet("/verify", Verify).WithName("VerifyAudit")
            .WithSummary("Recompute the hash chains of the audit logs the caller may read (kubectl, system) over UTC days from..to (at most 31) and report changed, removed and inserted records.");
        return api;
    }

    public static async Task<Results<Ok<ListResponse<SystemAuditEventResource>>, ProblemHttpResult, ValidationProblem>> QuerySystem(HttpContext http, ControlPlane cp, SystemAuditLog log,
        string? actor, string? action, string? project, DateTimeOffset? since, DateTimeOffset? until, int? limit, string? @continue)
    {
        if (limit is < 1 or > MaxLimit) return Problems.Invalid("limit", $"limit must be between 1 and {MaxLimit}.");
        if (since > until) return Problems.Invalid("since", "since must not be later than until.");
        if (@continue is { Length: > 2048 }) return MalformedContinue();

        var access = await cp.ReadAsync(http);
        if (DenyUnlessAuditor(access, Permissions.OrgAuditLogRead, Permissions.ProjectAuditLogRead, project, "audit log") is { } denied) return denied;

        try
        {
            var page = await log.QueryAsync(access.Caller.OrganizationId,
                new SystemAuditQuery(actor, action, project, since, until, limit ?? 100, @continue), cp.Time.GetUtcNow(), http.RequestAborted);
            return TypedResults.Ok(new ListResponse<SystemAuditEventResource>(
                page.Items.Select(e => new SystemAuditEventResource(e.Id, e.Time, e.Actor, e.Action, e.Target, e.Project, e.Outcome, e.ClientAddress, e.UserAgent, e.Detail)).ToArray(),
                page.Continue));
        }
        catch (Exception e) when (e is ArgumentException or Azure.RequestFailedException { Status: 400 })
        {
            return MalformedContinue();
        }
    }

    public static async Task<Results<Ok<ListResponse<KubectlAuditEventResource>>, ProblemHttpResult, ValidationProblem>> QueryKubectl(HttpContext http, ControlPlane cp, KubectlAuditLog log,
        [AsParameters] KubectlAuditFilters filters)
    {
        var (query, invalid, denied) = await AuthorizeKubectlQueryAsync(http, cp, filters);
        if (invalid is not null) return invalid;
        if (denied is not null) return denied;
        try
        {
            var page = await log.QueryAsync(Caller.From(http.User).OrganizationId, query!, cp.Time.GetUtcNow(), http.RequestAborted);
            return TypedResults.Ok(new ListResponse<KubectlAuditEventResource>(page.Items.Select(ToResource).ToArray(), page.Continue));
        }
        catch (Exception e) when (e is ArgumentException or Azure.RequestFailedException { Status: 400 })
        {
            return MalformedContinue();
        }
    }

    /// <summary>Every matching event, newest first, streamed page by page in one of <see cref="KubectlAuditExport.Formats"/>.</summary>
    public static async Task<Results<EmptyHttpResult, ProblemHttpResult, ValidationProblem>> ExportKubectl(HttpContext http, ControlPlane cp, KubectlAuditLog log,
        [AsParameters] KubectlAuditFilters filters, string? format)
    {
        format ??= KubectlAuditExport.JsonLines;
        if (!KubectlAuditExport.Formats.Contains(format)) return Problems.Invalid("format", $"format must be one of {string.Join(", ", KubectlAuditExport.Formats)}.");
        var (query, invalid, denied) = await AuthorizeKubectlQueryAsync(http, cp, filters with { Limit = filters.Limit ?? MaxLimit });
        if (invalid is not null) return invalid;
        if (denied is not null) return denied;

        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var organizationId = Caller.From(http.User).OrganizationId;
        KubectlAuditPage page;
        try
        {
            page = await log.QueryAsync(organizationId, query!, cp.Time.GetUtcNow(), http.RequestAborted);
        }
        catch (Exception e) when (e is ArgumentException or Azure.RequestFailedException { Status: 400 })
        {
            return MalformedContinue();
        }
        http.Response.ContentType = KubectlAuditExport.ContentType(format);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"kubectl-audit.{format}\"";
        if (KubectlAuditExport.Header(format) is { } header) await http.Response.WriteAsync(header, http.RequestAborted);
        while (true)
        {
            foreach (var e in page.Items)
            {
                await http.Response.WriteAsync(KubectlAuditExport.Line(format, e, w => JsonSerializer.Serialize(w, ToResource(e), json)), http.RequestAborted);
            }
            if (page.Continue is not { } next) break;
            page = await log.QueryAsync(organizationId, query! with { Continue = next }, cp.Time.GetUtcNow(), http.RequestAborted);
        }
        return TypedResults.Empty;
    }

    /// <summary>
    /// Whole chains are read, so a log is verified for readers of the organization's log only; the caller gets the
    /// logs they may read, and a refusal when that is none.
    /// </summary>
    public static async Task<Results<Ok<AuditVerificationResource>, ProblemHttpResult, ValidationProblem>> Verify(HttpContext http, ControlPlane cp,
        KubectlAuditLog kubectl, SystemAuditLog system, DateOnly? from, DateOnly? to)
    {
        var today = DateOnly.FromDateTime(cp.Time.GetUtcNow().UtcDateTime);
        var (first, last) = (from ?? to ?? today, to ?? today);
        if (first > last) return Problems.Invalid("from", "from must not be later than to.");
        if (last.DayNumber - first.DayNumber >= MaxVerifyDays) return Problems.Invalid("from", $"a verification spans at most {MaxVerifyDays} days; verify longer ranges day by day.");

        var access = await cp.ReadAsync(http);
        var organizationId = access.Caller.OrganizationId;
        var verifications = new List<(string Log, Func<Task<AuditVerification>> Run)>();
        if (access.Policy.Check(access.Caller.UserId, Permissions.OrgRelayAuditRead, PolicyTarget.Organization).IsAllowed)
        {
            verifications.Add((AuditLogs.Kubectl, () => kubectl.VerifyAsync(organizationId, first, last, http.RequestAborted)));
        }
        if (access.Policy.Check(access.Caller.UserId, Permissions.OrgAuditLogRead, PolicyTarget.Organization).IsAllowed)
        {
            verifications.Add((AuditLogs.System, () => system.VerifyAsync(organizationId, first, last, http.RequestAborted)));
        }
        if (verifications.Count == 0) return Problems.Forbidden($"user '{access.Caller.UserName}' may not read the organization's audit logs, so may not verify them.");

        var results = new List<AuditVerification>();
        foreach (var (_, run) in verifications) results.Add(await run());
        return TypedResults.Ok(new AuditVerificationResource(first, last, verifications.Select(v => v.Log).ToArray(), results.Sum(r => r.Segments),
            results.Sum(r => r.Records), results.All(r => r.Intact),
            results.SelectMany(r => r.Findings).Select(f => new AuditFindingResource(f.Log, f.Day, f.Kind, f.Where, f.EventIds, f.Detail)).ToArray()));
    }

    /// <summary>Validates the filters and checks the caller may read what they name: everything, or one project they audit.</summary>
    private static async Task<(KubectlAuditQuery? Query, ValidationProblem? Invalid, ProblemHttpResult? Denied)> AuthorizeKubectlQueryAsync(HttpContext http, ControlPlane cp, KubectlAuditFilters f)
    {
        if (f.Limit is < 1 or > MaxLimit) return (null, Problems.Invalid("limit", $"limit must be between 1 and {MaxLimit}."), null);
        if (f.Since > f.Until) return (null, Problems.Invalid("since", "since must not be later than until."), null);
        if (f.Until - f.Since > MaxSpan) return (null, Problems.Invalid("since", $"a query spans at most {MaxSpan.TotalDays} days."), null);
        if (f.Decision is not (null or KubectlAuditDecisions.Allow or KubectlAuditDecisions.Deny)) return (null, Problems.Invalid("decision", "decision must be 'allow' or 'deny'."), null);
        int? statusClass = f.Status switch
        {
            null => null,
            [var digit and >= '1' and <= '5', 'x' or 'X', 'x' or 'X'] => digit - '0',
            _ => -1,
        };
        if (statusClass < 0) return (null, Problems.Invalid("status", "status must be a class such as 2xx, 4xx or 5xx."), null);
        if (f.Continue is { Length: > 2048 }) return (null, MalformedContinue(), null);

        var access = await cp.ReadAsync(http);
        if (DenyUnlessAuditor(access, Permissions.OrgRelayAuditRead, Permissions.ProjectRelayAuditRead, f.Project, "kubectl audit") is { } denied) return (null, null, denied);

        var until = f.Until ?? cp.Time.GetUtcNow();
        return (new KubectlAuditQuery(f.Cluster, f.Project, f.User, f.Namespace, f.Resource, f.Name, f.Verb, f.Decision, statusClass,
            f.Since ?? until.AddDays(-1), until, f.Limit ?? 100, f.Continue), null, null);
    }

    /// <summary>
    /// Readers of the organization's <paramref name="what"/> see everything; project auditors only a project they audit,
    /// named in the query.
    /// </summary>
    private static ProblemHttpResult? DenyUnlessAuditor(RequestAccess access, string organizationPermission, string projectPermission, string? project, string what)
    {
        var caller = access.Caller;
        if (access.Policy.Check(caller.UserId, organizationPermission, PolicyTarget.Organization).IsAllowed) return null;
        if (project is not null && access.View.ProjectByName(project) is { } p
            && access.Policy.Check(caller.UserId, projectPermission, PolicyTarget.ForProject(p.Value.Id)).IsAllowed)
        {
            return null;
        }
        return Problems.Forbidden($"user '{caller.UserName}' may not read the organization's {what}; project auditors must filter by a project they audit (--project).");
    }

    private static ValidationProblem MalformedContinue() =>
        Problems.Invalid("continue", "the continue token is malformed; use the value returned by the previous page.");

    private static readonly TimeSpan MaxSpan = TimeSpan.FromDays(366);
    private const int MaxVerifyDays = 31;

    private static KubectlAuditEventResource ToResource(KubectlAuditEvent e) => new(
        e.Id, e.Time, e.Project, e.Cluster, e.User, e.CredentialKind, e.SourceAddress, e.UserAgent, e.Verb, e.ApiGroup, e.Resource, e.Subresource,
        e.Namespace, e.Name, e.RequestUri, e.Status, e.Decision, e.Reason, e.DurationMs, e.BytesIn, e.BytesOut, e.ServiceAccount,
        e.Session is { } s ? new KubectlSessionResource(s.Container, s.Command, s.Tty, s.Ports, s.ExitCode) : null, e.IdentityProvider, e.Group);
}

/// <summary>The filters of <c>GET /api/v1/audit/kubectl</c> (and its export); null means any.</summary>
internal sealed record KubectlAuditFilters(string? Cluster, string? Project, string? User, string? Namespace, string? Resource, string? Name, string? Verb,
    string? Decision, string? Status, DateTimeOffset? Since, DateTimeOffset? Until, int? Limit, string? Continue);
