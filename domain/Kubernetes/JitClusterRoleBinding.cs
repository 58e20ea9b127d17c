namespace Paralus.Domain.Kubernetes;

/// <summary>Binds the spec's service account to <see cref="ClusterRoleName"/> in every namespace and at the cluster scope.</summary>
public sealed record JitClusterRoleBinding(string Name, string ClusterRoleName);
