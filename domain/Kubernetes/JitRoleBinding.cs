namespace Paralus.Domain.Kubernetes;

/// <summary>Binds the spec's service account to <see cref="ClusterRoleName"/> within <see cref="Namespace"/> only.</summary>
public sealed record JitRoleBinding(string Name, string Namespace, string ClusterRoleName);
