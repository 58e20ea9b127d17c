namespace Paralus.Domain.Kubernetes;

/// <summary>One rule of a ClusterRole the agent installs: these verbs on these resources of these API groups.</summary>
public sealed record JitPolicyRule(IReadOnlyList<string> ApiGroups, IReadOnlyList<string> Resources, IReadOnlyList<string> Verbs);
