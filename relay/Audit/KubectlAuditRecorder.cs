using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Paralus.Domain.Audit;
using Paralus.Domain.Kubernetes;
using Paralus.Infrastructure.Sessions;
using Paralus.Relay.Access;
using Paralus.Relay.Configuration;

namespace Paralus.Relay.Audit;

/// <summary>
/// Turns each finished request into a <see cref="KubectlAuditEvent"/> and hands it to <see cref="AuditShipper"/>
/// through a bounded queue. The kubectl path never waits: when the queue is full the event is dropped, counted and
/// logged, which only happens if the shipper can neither send nor spool.
/// </summary>
internal sealed partial class KubectlAuditRecorder(TimeProvider time, AuditMetrics metrics, IOptions<RelayOptions> options, ILogger<KubectlAuditRecorder> logger)
{
    public const int Capacity = 100_000;
    private const int MaxRequestUriLength = 4096;
    private const int MaxUserAgentLength = 256;

    private readonly Channel<KubectlAuditEvent> _events = Channel.CreateBounded<KubectlAuditEvent>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public ChannelReader<KubectlAuditEvent> Events => _events.Reader;

    /// <summary>Called once the caller is known; the id goes to the apiserver as <c>Audit-ID</c>.</summary>
    public AuditedRequest Begin(RelayUser user, string cluster) => new(Guid.NewGuid().ToString(), time.GetUtcNow(), time.GetTimestamp(), user, cluster);

    /// <summary><paramref name="requestUri"/>: the path and query forwarded; <paramref name="rawQuery"/>: its query, where an exec names its command.</summary>
    public void End(AuditedRequest audit, HttpContext http, string organizationId, string requestUri, string rawQuery)
    {
        if (!options.Value.RecordKubectlAudit) return;
        var request = audit.Request;
        var auditEvent = new KubectlAuditEvent(
            audit.Id, audit.StartedAt, organizationId, audit.Project, audit.Cluster, audit.User.UserId, audit.User.UserName, CredentialKind(audit.User),
            http.Connection.RemoteIpAddress?.ToString(), Bounded(http.Request.Headers.UserAgent.ToString(), MaxUserAgentLength),
            request?.Verb ?? http.Request.Method.ToLowerInvariant(), OrNull(request?.ApiGroup), OrNull(request?.Resource), OrNull(request?.Subresource),
            OrNull(request?.Namespace), OrNull(request?.Name), Bounded(requestUri, MaxRequestUriLength) ?? "",
            http.Response.StatusCode, audit.Decision, audit.Reason, (long)time.GetElapsedTime(audit.StartTimestamp).TotalMilliseconds,
            audit.Upgraded ? audit.BytesFromClient : http.Request.ContentLength, audit.Upgraded ? audit.BytesToClient : http.Response.ContentLength,
            audit.Decision == KubectlAuditDecisions.Allow ? ServiceAccountNames.ForUser(audit.User.UserName) : null,
            request is null ? null : KubectlSessionQuery.Read(request.Subresource, rawQuery) is { } session ? session with { ExitCode = audit.ExitCode } : null,
            audit.IdentityProvider, audit.Group);
        if (_events.Writer.TryWrite(auditEvent))
        {
            metrics.Recorded();
            return;
        }
        metrics.Dropped(1);
        LogDropped(logger, auditEvent.Id, auditEvent.User, auditEvent.Cluster, Capacity);
    }

    /// <summary>Whatever is still queued, for a last spool at shutdown.</summary>
    public void Complete() => _events.Writer.TryComplete();

    private static string CredentialKind(RelayUser user) => user.Certificate is not null ? "certificate"
        : user.Session?.Audience == SessionTokenService.KubectlAudience ? "token" : "session";

    private static string? OrNull(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string? Bounded(string? value, int length) => string.IsNullOrEmpty(value) ? null : value.Length <= length ? value : value[..length] + "…";

    [LoggerMessage(EventId = 2601, Level = LogLevel.Error, Message = "Audit event {EventId} of {User} on {Cluster} dropped: {Capacity} events are waiting to be sent or spooled")]
    private static partial void LogDropped(ILogger logger, string eventId, string user, string cluster, int capacity);
}
