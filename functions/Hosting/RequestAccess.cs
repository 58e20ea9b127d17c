using Paralus.Core.Policy;
using Paralus.Core.Storage;
using Paralus.Functions.Auth;

namespace Paralus.Functions.Hosting;

/// <summary>Who is asking, the directory as of this request, and the policy compiled from it.</summary>
internal sealed record RequestAccess(Caller Caller, DirectoryView View, PolicySnapshot Policy)
{
    /// <summary>The resident when it exists and the caller may read it in its project; null when either is not so, alike.</summary>
    public Stored<T>? Find<T>(ProjectResident<T> resident) =>
        resident.Find(View) is { } found && Policy.GetProjectsWith(Caller.UserId, resident.ReadPermission).Contains(resident.ProjectIdOf(found.Value))
            ? found
            : null;
}
