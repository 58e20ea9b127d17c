namespace Paralus.Domain.Contracts;

/// <summary><see cref="Outcome"/> is "success", "denied" or "failure".</summary>
public sealed record SystemAuditEventResource(
    string Id,
    DateTimeOffset Time,
    string Actor,
    string Action,
    string Target,
    string? Project,
    string Outcome,
    string? ClientAddress,
    string? UserAgent,
    string? Detail);

/// <summary>
/// One kubectl request through a relay. <see cref="Decision"/> is "allow" or "deny" and <see cref="Reason"/> names the
/// binding that allowed it (and <see cref="Group"/> the group it reaches the user through) or why it was denied;
/// <see cref="IdentityProvider"/> is the identity provider the user signs in with, null for a local account;
/// <see cref="Id"/> is also the cluster's own audit ID for the request.
/// </summary>
public sealed record KubectlAuditEventResource(
    string Id,
    DateTimeOffset Time,
    string? Project,
    string Cluster,
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
    KubectlSessionResource? Session,
    string? IdentityProvider,
    string? Group);

/// <summary>
/// An exec or attach (<see cref="Command"/>, <see cref="Container"/>, <see cref="Tty"/>, and <see cref="ExitCode"/> when
/// the apiserver reported one over a WebSocket), or a port-forward's <see cref="Ports"/>.
/// </summary>
public sealed record KubectlSessionResource(string? Container, IReadOnlyList<string> Command, bool Tty, IReadOnlyList<string> Ports, int? ExitCode);

/// <summary>
/// What recomputing the hash chains of the audit logs the caller may read (<see cref="Logs"/>: "kubectl", "system")
/// found from <see cref="From"/> to <see cref="To"/> (UTC days): <see cref="Intact"/> when no stored record was
/// changed, removed or inserted.
/// </summary>
public sealed record AuditVerificationResource(DateOnly From, DateOnly To, IReadOnlyList<string> Logs, long Segments, long Records, bool Intact,
    IReadOnlyList<AuditFindingResource> Findings);

/// <summary>
/// In audit log <see cref="Log"/>: <see cref="Kind"/> is "changed", "removed" or "inserted"; <see cref="EventIds"/>
/// names the records when they are known.
/// </summary>
public sealed record AuditFindingResource(string Log, DateOnly Day, string Kind, string Where, IReadOnlyList<string> EventIds, string Detail);
