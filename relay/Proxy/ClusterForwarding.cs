using Paralus.Domain.Kubernetes;

namespace Paralus.Relay.Proxy;

/// <summary>
/// What the relay decided about one request, as a request feature for <see cref="ClusterRequestTransformer"/>: the
/// raw path and query to forward (cluster prefix removed), who it is for, the access header for the agent, whether
/// the answer streams (a watch, a log), whose headers must reach the client before any body does, and the audit
/// event's id, which the apiserver adopts.
/// </summary>
internal sealed record ClusterForwarding(string PathAndQuery, string UserName, string AccessHeader, bool Streams, string AuditId)
{
    /// <summary>Watches may be quiet for minutes and log follows for as long as the container is; clients wait for their headers.</summary>
    public static bool StreamsFor(KubernetesRequestInfo request) => request.Verb == KubernetesVerbs.Watch || request.Subresource == "log";
}
