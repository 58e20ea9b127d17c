using Paralus.Domain.Model;

namespace Paralus.Domain.Directory.Commands;

/// <summary>
/// Marks a cluster registered from the Kubernetes cluster with <paramref name="Fingerprint"/> (its kube-system namespace
/// UID), spending the token whose hash the agent presented. Both are decided at commit: of two agents racing with one
/// token, or two clusters registering from one Kubernetes cluster, only one succeeds.
/// Answers the other cluster, writing nothing, when this Kubernetes cluster is already registered as it.
/// </summary>
public sealed record CompleteRegistration(string ClusterId, string? TokenHash, string Fingerprint, string? AgentVersion, string? KubernetesVersion, string Phase,
    DateTimeOffset Now) : IDirectoryCommand<Cluster?>
{
    public Mutation<Cluster?> Plan(DirectoryView view)
    {
        if (RegisteredTwin(view, ClusterId, Fingerprint) is { } twin) return Mutation.Apply<Cluster?>(new DirectoryChangeSet(), twin.Value);
        if (!view.Clusters.TryGetValue(ClusterId, out var stored) || stored.Value.RegistrationTokenHash != TokenHash || stored.Value.RegistrationTokenUsedAt is not null)
        {
            return DirectoryError.Conflict("the registration token was already used; tokens work once.");
        }
        var updated = stored.Value with
        {
            RegistrationTokenUsedAt = Now,
            Fingerprint = Fingerprint,
            Status = stored.Value.Status with { Phase = Phase, AgentVersion = AgentVersion, KubernetesVersion = KubernetesVersion },
        };
        return Mutation.Apply<Cluster?>(new DirectoryChangeSet().Replace(updated, stored.ETag), null);
    }

    /// <summary>
    /// Another cluster already registered from the same Kubernetes cluster. One Kubernetes cluster is imported once:
    /// JIT service accounts are named after their user only, so two agents in one cluster would rewrite and delete each
    /// other's, and a request through one could run with the bindings the other's project gave.
    /// </summary>
    public static Stored<Cluster>? RegisteredTwin(DirectoryView view, string clusterId, string fingerprint) =>
        view.Clusters.Values.FirstOrDefault(c => c.Value.Id != clusterId && string.Equals(c.Value.Fingerprint, fingerprint, StringComparison.Ordinal));
}
