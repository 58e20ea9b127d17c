using Paralus.Domain.Directory;
using Paralus.Domain.Policy;
using Paralus.Functions.Auth;

namespace Paralus.Functions.Pipeline;

/// <summary>Who is asking, the directory as of this request, and the policy compiled from it.</summary>
internal sealed record RequestAccess(Caller Caller, DirectoryView View, PolicySnapshot Policy)
{
    /// <summary>The thing when it exists and the caller may see it; null when either is not so, alike.</summary>
    public Stored<T>? Find<T>(Lookup<T> lookup) =>
        lookup.Find(View) is { } found && lookup.IsVisible(this, found.Value) ? found : null;

    /// <summary>Whether the caller holds <paramref name="permission"/> anywhere in the project (namespace scopes included).</summary>
    public bool MayRead(string permission, string projectId) => Policy.GetProjectsWith(Caller.UserId, permission).Contains(projectId);
}
