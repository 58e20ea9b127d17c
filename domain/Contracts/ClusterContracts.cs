namespace Paralus.Domain.Contracts;

public sealed record ClusterResource(
    string Id,
    string Name,
    string Project,
    string Description,
    IReadOnlyDictionary<string, string> Labels,
    DateTimeOffset CreatedAt,
    ClusterStatusResource Status,
    string ETag);

public sealed record ClusterStatusResource(
    string Phase,
    DateTimeOffset? LastSeen,
    string? AgentVersion,
    string? KubernetesVersion,
    IReadOnlyList<string> ConnectedRelays);

public sealed record CreateClusterRequest(string Name, string Project, string? Description = null, IReadOnlyDictionary<string, string>? Labels = null);

public sealed record UpdateClusterRequest(string? Description = null, IReadOnlyDictionary<string, string>? Labels = null);
