namespace Paralus.Domain.Contracts;

/// <summary>Both optional: without <see cref="Cluster"/> every cluster the caller may use, without <see cref="ValiditySeconds"/> the organization's kubeconfig validity.</summary>
public sealed record IssueKubeconfigRequest(string? Cluster = null, long? ValiditySeconds = null);

/// <summary>
/// <see cref="Kubeconfig"/> is the YAML file itself, with the private key of a certificate that expires at
/// <see cref="ExpiresAt"/>: a context per cluster, <see cref="CurrentContext"/> the one kubectl uses by default.
/// </summary>
public sealed record KubeconfigResponse(string Kubeconfig, string User, IReadOnlyList<string> Clusters, DateTimeOffset ExpiresAt, string CurrentContext = "");

/// <summary>Without <see cref="User"/>: the caller's own credentials. API keys are deleted too only with <see cref="IncludeApiKeys"/>.</summary>
public sealed record RevokeKubeconfigRequest(string? User = null, bool? IncludeApiKeys = null);

/// <summary>
/// Every certificate and session of <see cref="User"/> issued before <see cref="CredentialsRevokedBefore"/> no longer works;
/// <see cref="DeletedApiKeys"/> of the user's API keys were deleted.
/// </summary>
public sealed record RevokeKubeconfigResponse(string User, DateTimeOffset CredentialsRevokedBefore, int DeletedApiKeys = 0);
