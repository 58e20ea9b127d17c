namespace Paralus.Functions.Apis;

/// <summary>Whose certificate a kubeconfig carries: the caller's own, or a service user's that an administrator issues.</summary>
internal sealed record KubeconfigHolder(string Id, string Name, bool IsServiceUser);
