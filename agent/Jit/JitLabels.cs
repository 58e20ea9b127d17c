using Paralus.Domain.Kubernetes;

namespace Paralus.Agent.Jit;

/// <summary>Labels on every object the agent creates for a user, so it can find, refresh and sweep them.</summary>
internal static class JitLabels
{
    /// <summary>Unix seconds of the user's last request; a label (not an annotation) so it can be seen with kubectl -L.</summary>
    public const string LastUsed = "paralus.dev/last-used";

    public const string ManagedSelector = JitAccessSpec.ManagedByLabel + "=" + JitAccessSpec.ManagedByValue;

    /// <summary>Every object the agent made for the owner of this service account.</summary>
    public static string UserSelector(string serviceAccountName) => $"{ManagedSelector},{JitAccessSpec.UserLabel}={ServiceAccountNames.LabelValue(serviceAccountName)}";
}
