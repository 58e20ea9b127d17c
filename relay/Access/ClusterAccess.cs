using Paralus.Domain.Policy;

namespace Paralus.Relay.Access;

/// <summary>What a user may do on a cluster's project, and the same as the <c>X-Paralus-Access</c> header value.</summary>
internal sealed record ClusterAccess(KubernetesAccess Access, string Header);
