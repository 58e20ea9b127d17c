namespace Paralus.Agent.Forwarding;

/// <summary>A user's bearer token for the apiserver, or the Kubernetes Status the agent answers instead.</summary>
internal readonly record struct CredentialsResult(string? Token, int Code, string Reason, string Message)
{
    public static CredentialsResult Bearer(string token) => new(token, 0, string.Empty, string.Empty);

    public static CredentialsResult Refused(int code, string reason, string message) => new(null, code, reason, message);
}
