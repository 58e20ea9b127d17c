using Paralus.Domain.Audit;
using Paralus.Domain.Directory;
using Paralus.Domain.Policy;
using Paralus.Functions.Access;
using Paralus.Functions.Auth;
using Paralus.Infrastructure.Storage;

namespace Paralus.Functions.Pipeline;

/// <summary>
/// What every API handler needs, in one parameter: the caller's directory view and policy, the writer, and the
/// audit trail. <see cref="DenyUnlessAsync"/> is the single place where a request is allowed or refused, and the
/// <c>ExecuteAsync</c> overloads are the single order changes go in: read, authorize, then let the handler look up, validate and mutate.
/// </summary>
internal sealed class ControlPlane(
    DirectoryViewCache views,
    DirectoryWriter writer,
    PolicySnapshotCache policies,
    AuditTrail audit,
    TimeProvider time)
{
    /// <summary>
    /// Direct writes, still used by the API keys and kubeconfig-revocation handlers (whose "yourself, or an
    /// administrator" rules are not one permission at one scope); everything else writes through <see cref="AuthorizedRequest"/>.
    /// </summary>
    public DirectoryWriter Writer => writer;

    public TimeProvider Time => time;

    public async Task<RequestAccess> ReadAsync(HttpContext http)
    {
        var caller = Caller.From(http.User);
        var view = await views.GetAsync(caller.OrganizationId, http.RequestAborted);
        return new RequestAccess(caller, view, policies.For(view));
    }

    /// <summary>
    /// For a change whose scope is known without looking anything up (organization-wide things, a project named in
    /// the body once found): authorizes first, so what the caller may not change answers the same whether it exists.
    /// </summary>
    public async Task<Results<TSuccess, ProblemHttpResult, ValidationProblem>> ExecuteAsync<TSuccess>(HttpContext http, Operation operation, PolicyTarget scope, string? project,
        Func<AuthorizedRequest, Task<Results<TSuccess, ProblemHttpResult, ValidationProblem>>> run)
        where TSuccess : IResult
    {
        var access = await ReadAsync(http);
        if (await DenyUnlessAsync(http, access, operation.Permission, scope, operation.Action, operation.Target, project) is { } denied) return denied;
        return await run(new AuthorizedRequest(this, http, access, operation, project));
    }

    /// <summary>
    /// For a change to one existing thing: finds it among what the caller may see (what is hidden answers exactly
    /// like what does not exist), then authorizes the operation at its scope.
    /// </summary>
    public async Task<Results<TSuccess, ProblemHttpResult, ValidationProblem>> ExecuteAsync<TSuccess, T>(HttpContext http, Operation operation, Lookup<T> lookup,
        Func<AuthorizedRequest, Stored<T>, Task<Results<TSuccess, ProblemHttpResult, ValidationProblem>>> run)
        where TSuccess : IResult
    {
        var access = await ReadAsync(http);
        if (access.Find(lookup) is not { } found) return lookup.Missing<TSuccess>();
        var scope = lookup.ScopeOf(found.Value);
        var project = scope.ProjectId is { } projectId ? ProjectName(access, projectId) : null;
        if (await DenyUnlessAsync(http, access, operation.Permission, scope, operation.Action, operation.Target, project) is { } denied) return denied;
        return await run(new AuthorizedRequest(this, http, access, operation, project), found);
    }

    /// <summary>
    /// Null when <paramref name="permission"/> is granted at <paramref name="target"/>; otherwise a 403 problem,
    /// after auditing the refusal when <paramref name="auditAction"/> names a mutation.
    /// </summary>
    public async Task<ProblemHttpResult?> DenyUnlessAsync(HttpContext http, RequestAccess access, string permission, PolicyTarget target, string? auditAction = null, string? auditTarget = null, string? project = null)
    {
        var decision = access.Policy.Check(access.Caller.UserId, permission, target);
        if (decision.IsAllowed) return null;
        if (auditAction is not null)
        {
            await AuditAsync(http, access.Caller, auditAction, auditTarget ?? "-", project, AuditOutcome.Denied, decision.Explanation);
        }
        return Problems.Forbidden($"user '{access.Caller.UserName}' may not {permission} at {Describe(access, target)}: {decision.Explanation}.");
    }

    public Task AuditAsync(HttpContext http, Caller caller, string action, string target, string? project, string outcome, string? detail = null) =>
        audit.RecordAsync(http, caller.UserName, action, target, project, outcome, detail);

    /// <summary>
    /// Audits a finished mutation (with <paramref name="detail"/> when it succeeded, the error when not) and turns its
    /// error into a problem response; null when it succeeded.
    /// </summary>
    public async Task<ProblemHttpResult?> CompleteAsync<T>(HttpContext http, Caller caller, string action, string target, string? project, MutationResult<T> result, string? detail = null)
    {
        await AuditAsync(http, caller, action, target, project, result.Succeeded ? AuditOutcome.Success : AuditOutcome.Failure, result.Error?.Message ?? detail);
        return result.Error is { } error ? Problems.From(error) : null;
    }

    public async Task<DirectoryView> RefreshAsync(Caller caller, CancellationToken cancellationToken) =>
        await views.GetAsync(caller.OrganizationId, cancellationToken);

    private static string Describe(RequestAccess access, PolicyTarget target) => target.Kind switch
    {
        Domain.Model.ScopeKind.Organization => "organization scope",
        Domain.Model.ScopeKind.Project => $"project '{ProjectName(access, target.ProjectId)}'",
        _ => $"namespace '{target.Namespace}' of project '{ProjectName(access, target.ProjectId)}'",
    };

    private static string ProjectName(RequestAccess access, string? projectId) =>
        projectId is not null && access.View.Projects.TryGetValue(projectId, out var p) ? p.Value.Name : projectId ?? "?";
}
