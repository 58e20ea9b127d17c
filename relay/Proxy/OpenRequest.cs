using Paralus.Domain.Kubernetes;
using Paralus.Relay.Access;

namespace Paralus.Relay.Proxy;

/// <summary>A request being forwarded right now (a watch, a log follow, an exec session, or just a slow GET).</summary>
internal sealed record OpenRequest(RelayUser User, string ClusterName, KubernetesRequestInfo Request, HttpContext Http);
