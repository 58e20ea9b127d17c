namespace Paralus.Domain.Model;

public sealed record ClusterStatus(
    string Phase,
    DateTimeOffset? LastSeen = null,
    string? AgentVersion = null,
    string? KubernetesVersion = null,
    IReadOnlyList<string>? ConnectedRelays = null)
{
    public static ClusterStatus Pending { get; } = new("Pending");
}
