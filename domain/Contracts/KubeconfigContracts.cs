namespace Paralus.Domain.Contracts;

/// <summary>
/// All optional: without <see cref="Cluster"/> every cluster the caller may use, without <see cref="ValiditySeconds"/>
/// the organization's kubeconfig validity. <see cref="Credential"/> <c>certificate</c> (default) embeds a client
/// certificate; <c>exec</c> makes kubectl run <see cref="Exec"/> (default <c>paralus credential</c>) for a short-lived
/// token whenever it needs one, so the file holds no secret. <see cref="ServiceUser"/> names a service user to issue the
/// kubeconfig for instead of the caller (an administrator's call): it then holds that service user's certificate.
/// </summary>
public sealed record IssueKubeconfigRequest(string? Cluster = null, long? ValiditySeconds = null, string? Credential = null, ExecPlugin? Exec = null, string? ServiceUser = null)
{
    public const string CertificateCredential = "certificate";
    public const string ExecCredential = "exec";
}

/// <summary>The command kubectl runs for a credential (client.authentication.k8s.io/v1), with its arguments and environment.</summary>
public sealed record ExecPlugin(string Command, IReadOnlyList<string>? Args = null, IReadOnlyDictionary<string, string>? Env = null);

/// <summary><c>POST /api/v1/kubeconfig/token</c>: without <see cref="ValiditySeconds"/> the organization's kubeconfig validity.</summary>
public sealed record KubectlTokenRequest(long? ValiditySeconds = null);

/// <summary>A bearer token the relays accept for kubectl until <see cref="ExpiresAt"/>, and nothing else accepts.</summary>
public sealed record KubectlTokenResponse(string Token, DateTimeOffset ExpiresAt, string User);

/// <summary>
/// <see cref="Kubeconfig"/> is the YAML file itself, with the private key of a certificate that expires at
/// <see cref="ExpiresAt"/> (null for an exec kubeconfig, which holds no credential): a context per cluster,
/// <see cref="CurrentContext"/> the one kubectl uses by default.
/// </summary>
public sealed record KubeconfigResponse(string Kubeconfig, string User, IReadOnlyList<string> Clusters, DateTimeOffset? ExpiresAt, string CurrentContext = "");

/// <summary>Without <see cref="User"/>: the caller's own credentials. API keys are deleted too only with <see cref="IncludeApiKeys"/>.</summary>
public sealed record RevokeKubeconfigRequest(string? User = null, bool? IncludeApiKeys = null);

/// <summary>
/// Every certificate and session of <see cref="User"/> issued before <see cref="CredentialsRevokedBefore"/> no longer works;
/// <see cref="DeletedApiKeys"/> of the user's API keys were deleted.
/// </summary>
public sealed record RevokeKubeconfigResponse(string User, DateTimeOffset CredentialsRevokedBefore, int DeletedApiKeys = 0);
