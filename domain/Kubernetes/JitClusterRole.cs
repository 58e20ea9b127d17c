namespace Paralus.Domain.Kubernetes;

/// <summary>A ClusterRole the agent installs once per cluster and JIT bindings refer to.</summary>
public sealed record JitClusterRole(string Name, IReadOnlyList<JitPolicyRule> Rules);
