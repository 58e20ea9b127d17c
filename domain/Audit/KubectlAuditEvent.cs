namespace Paralus.Domain.Audit;

/// <summary>
/// One kubectl request through a relay, allowed or denied. <see cref="Id"/> is also sent to the apiserver as
/// <c>Audit-ID</c>, so the record joins the cluster's own audit log, and it decides the stored row: a redelivered
/// event overwrites itself. <see cref="Decision"/> is <see cref="KubectlAuditDecisions.Allow"/> or
/// <see cref="KubectlAuditDecisions.Deny"/>; <see cref="Reason"/> names the binding that allowed it, or why it was
/// denied, and <see cref="Group"/> the group through which that binding reaches the user (null when bound directly).
/// <see cref="IdentityProvider"/> is the company identity provider the user signs in with (null for local accounts).
/// <see cref="Session"/> describes an exec, attach or port-forward.
/// </summary>
public sealed record KubectlAuditEvent(
    string Id,
    DateTimeOffset Time,
    string OrganizationId,
    string? Project,
    string Cluster,
    string UserId,
    string User,
    string CredentialKind,
    string? SourceAddress,
    string? UserAgent,
    string Verb,
    string? ApiGroup,
    string? Resource,
    string? Subresource,
    string? Namespace,
    string? Name,
    string RequestUri,
    int Status,
    string Decision,
    string? Reason,
    long DurationMs,
    long? BytesIn,
    long? BytesOut,
    string? ServiceAccount,
    KubectlSession? Session = null,
    string? IdentityProvider = null,
    string? Group = null) : IAuditRecord;

/// <summary>
/// What an exec or attach ran (<see cref="Command"/>, <see cref="Container"/>, <see cref="Tty"/>) and how it ended
/// (<see cref="ExitCode"/>, when the apiserver said), or which ports a port-forward opened.
/// </summary>
public sealed record KubectlSession(string? Container, IReadOnlyList<string> Command, bool Tty, IReadOnlyList<string> Ports, int? ExitCode = null);

public static class KubectlAuditDecisions
{
    public const string Allow = "allow";
    public const string Deny = "deny";
}
