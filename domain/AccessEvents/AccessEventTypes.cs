namespace Paralus.Domain.AccessEvents;

/// <summary>The kinds of <see cref="AccessChange"/>, weightiest first (see <see cref="Weight"/>).</summary>
public static class AccessEventTypes
{
    public const string UserDeactivated = "user.deactivated";
    public const string UserDeleted = "user.deleted";
    public const string KubeconfigRevoked = "kubeconfig.revoked";
    public const string ClusterDeleted = "cluster.deleted";
    public const string GroupDeleted = "group.deleted";
    public const string MembershipRemoved = "membership.removed";
    public const string BindingDeleted = "binding.deleted";
    public const string RoleDeleted = "role.deleted";
    public const string RoleChanged = "role.changed";
    public const string BindingChanged = "binding.changed";
    public const string BindingCreated = "binding.created";
    public const string MembershipAdded = "membership.added";
    public const string ClusterChanged = "cluster.changed";
    public const string ClusterCreated = "cluster.created";
    public const string UserActivated = "user.activated";
    public const string SettingsChanged = "settings.changed";
    public const string DirectoryChanged = "directory.changed";

    private static readonly string[] Ordered =
    [
        UserDeactivated, UserDeleted, KubeconfigRevoked, ClusterDeleted, GroupDeleted, MembershipRemoved, BindingDeleted,
        RoleDeleted, RoleChanged, BindingChanged, BindingCreated, MembershipAdded, ClusterChanged, ClusterCreated, UserActivated,
        SettingsChanged, DirectoryChanged,
    ];

    public static IReadOnlyList<string> All => Ordered;

    public static bool IsKnown(string? type) => type is not null && Array.IndexOf(Ordered, type) >= 0;

    /// <summary>Lower is weightier: changes that take access away come first.</summary>
    public static int Weight(string type)
    {
        var index = Array.IndexOf(Ordered, type);
        return index < 0 ? Ordered.Length : index;
    }
}
