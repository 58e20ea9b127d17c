using Paralus.Domain.Audit;
using Paralus.Domain.Kubernetes;
using Paralus.Relay.Access;

namespace Paralus.Relay.Audit;

/// <summary>
/// The audit record of one request while the relay handles it: who and which cluster from the start, then what the
/// request is and what was decided. <see cref="KubectlAuditRecorder.End"/> turns it into an event once the answer is
/// complete. Denied until something allows it.
/// </summary>
internal sealed class AuditedRequest(string id, DateTimeOffset startedAt, long startTimestamp, RelayUser user, string cluster)
{
    public string Id { get; } = id;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public long StartTimestamp { get; } = startTimestamp;

    public RelayUser User { get; } = user;

    public string Cluster { get; } = cluster;

    public string? Project { get; set; }

    public KubernetesRequestInfo? Request { get; set; }

    public string Decision { get; private set; } = KubectlAuditDecisions.Deny;

    public string? Reason { get; private set; }

    /// <summary>The group through which the allowing binding reaches the user; null when bound directly.</summary>
    public string? Group { get; private set; }

    /// <summary>The identity provider the user signs in with; null for a local account.</summary>
    public string? IdentityProvider { get; set; }

    /// <summary>Set by an upgraded connection (exec, attach, port-forward over a WebSocket); the bytes each way are counted then.</summary>
    public bool Upgraded { get; private set; }

    public long BytesFromClient => Interlocked.Read(ref _bytesFromClient);

    public long BytesToClient => Interlocked.Read(ref _bytesToClient);

    /// <summary>How the exec ended, as the apiserver said on its error channel.</summary>
    public int? ExitCode { get; set; }

    private long _bytesFromClient;
    private long _bytesToClient;

    public void MarkUpgraded() => Upgraded = true;

    public void FromClient(int bytes) => Interlocked.Add(ref _bytesFromClient, bytes);

    public void ToClient(int bytes) => Interlocked.Add(ref _bytesToClient, bytes);

    public void Allow(string reason, string? group = null) => (Decision, Reason, Group) = (KubectlAuditDecisions.Allow, reason, group);

    public void Deny(string reason) => (Decision, Reason) = (KubectlAuditDecisions.Deny, reason);
}
