namespace Paralus.Core.Domain;

/// <summary>An imported Kubernetes cluster. Status fields are filled in by agents and relays.</summary>
public sealed record Cluster(
    string Id,
    string Name,
    string ProjectId,
    string Description,
    IReadOnlyDictionary<string, string> Labels,
    DateTimeOffset CreatedAt,
    ClusterStatus Status);
