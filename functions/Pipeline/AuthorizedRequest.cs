using Paralus.Domain.Directory;
using Paralus.Domain.Directory.Commands;
using Paralus.Domain.Policy;

namespace Paralus.Functions.Pipeline;

/// <summary>
/// A request that <see cref="ControlPlane"/> has authorized for its <see cref="Operation"/>: only such a request can
/// write to the directory, so no handler can mutate before it has authorized.
/// </summary>
internal sealed class AuthorizedRequest
{
    private readonly ControlPlane _controlPlane;
    private readonly HttpContext _http;

    internal AuthorizedRequest(ControlPlane controlPlane, HttpContext http, RequestAccess access, Operation operation, string? project)
    {
        _controlPlane = controlPlane;
        _http = http;
        Access = access;
        Operation = operation;
        Project = project;
    }

    public RequestAccess Access { get; }

    public Operation Operation { get; }

    /// <summary>The project the audit records the operation under, if any.</summary>
    public string? Project { get; }

    /// <summary>A further permission the operation needs (checked before anything it names is looked up); refusals are audited.</summary>
    public Task<ProblemHttpResult?> DenyUnlessAsync(string permission, PolicyTarget target) =>
        _controlPlane.DenyUnlessAsync(_http, Access, permission, target, Operation.Action, Operation.Target, Project);

    /// <summary>
    /// Runs a domain command, commits what it decided and audits it (with <paramref name="detail"/> when it succeeded);
    /// the failure as a problem, else the value.
    /// </summary>
    public async Task<(T? Value, ProblemHttpResult? Failure)> MutateAsync<T>(IDirectoryCommand<T> command, string? detail = null, string? auditTarget = null)
    {
        var result = await _controlPlane.Writer.MutateAsync(Access.Caller.OrganizationId, command.Plan, _http.RequestAborted);
        var failure = await _controlPlane.CompleteAsync(_http, Access.Caller, Operation.Action, auditTarget ?? Operation.Target, Project, result, detail);
        return (result.Value, failure);
    }

    /// <summary>Audits an operation that changed something outside the directory (a sign-in lock, say).</summary>
    public Task AuditAsync(string outcome, string? detail = null) =>
        _controlPlane.AuditAsync(_http, Access.Caller, Operation.Action, Operation.Target, Project, outcome, detail);

    /// <summary>The directory after this request's change.</summary>
    public Task<DirectoryView> RefreshAsync() => _controlPlane.RefreshAsync(Access.Caller, _http.RequestAborted);
}
