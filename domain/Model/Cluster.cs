namespace Paralus.Domain.Model;

/// <summary>An imported Kubernetes cluster. Status fields are filled in by agents and relays.</summary>
/// <param name="RegistrationTokenHash">SHA-256 (hex) of the newest bootstrap token; the token itself is never stored.</param>
/// <param name="RegistrationTokenUsedAt">Set when an agent registered with that token: it is single use.</param>
/// <param name="Fingerprint">UID of the <c>kube-system</c> namespace of the cluster that first registered.</param>
public sealed record Cluster(
    string Id,
    string Name,
    string ProjectId,
    string Description,
    IReadOnlyDictionary<string, string> Labels,
    DateTimeOffset CreatedAt,
    ClusterStatus Status,
    string? RegistrationTokenHash = null,
    DateTimeOffset? RegistrationTokenExpiresAt = null,
    DateTimeOffset? RegistrationTokenUsedAt = null,
    string? Fingerprint = null) : IDirectoryEntity;
