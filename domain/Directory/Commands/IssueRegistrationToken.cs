using Paralus.Domain.Model;

namespace Paralus.Domain.Directory.Commands;

/// <summary>A new single-use registration token for a cluster; it replaces the previous one, used or not, so only the newest manifest can register.</summary>
public sealed record IssueRegistrationToken(string ClusterName, string TokenHash, DateTimeOffset ExpiresAt) : IDirectoryCommand<Cluster>
{
    public Mutation<Cluster> Plan(DirectoryView view)
    {
        if (view.ClusterByName(ClusterName) is not { } current) return DirectoryError.NotFound("cluster", ClusterName);
        var updated = current.Value with
        {
            RegistrationTokenHash = TokenHash,
            RegistrationTokenExpiresAt = ExpiresAt,
            RegistrationTokenUsedAt = null,
        };
        return Mutation.Apply(new DirectoryChangeSet().Replace(updated, current.ETag), updated);
    }
}
