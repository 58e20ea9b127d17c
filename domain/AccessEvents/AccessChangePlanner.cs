using Paralus.Domain.Directory;
using Paralus.Domain.Directory.Changes;
using Paralus.Domain.Model;

namespace Paralus.Domain.AccessEvents;

/// <summary>
/// Reads a commit's changes against the view they were planned on and says what they change about access. Derived
/// from the changes themselves, not declared by each API, so no endpoint can forget to announce one.
/// </summary>
public static class AccessChangePlanner
{
    public static IReadOnlyList<AccessChange> Plan(DirectoryView before, IEnumerable<DirectoryChange> directoryChanges)
    {
        var changes = new List<AccessChange>();
        foreach (var change in directoryChanges)
        {
            switch (change)
            {
                case EntityDeleted { Entity: User user }:
                    changes.Add(new AccessChange(AccessEventTypes.UserDeleted, UserId: user.Id));
                    break;
                case EntityReplaced { Entity: User user }:
                    UserChanges(before, user, changes);
                    break;
                case MembershipAdded added:
                    changes.Add(new AccessChange(AccessEventTypes.MembershipAdded, UserId: added.UserId, GroupId: added.GroupId));
                    break;
                case MembershipRemoved removed:
                    changes.Add(new AccessChange(AccessEventTypes.MembershipRemoved, UserId: removed.UserId, GroupId: removed.GroupId));
                    break;
                case EntityCreated { Entity: RoleBinding binding }:
                    changes.Add(BindingChange(AccessEventTypes.BindingCreated, binding));
                    break;
                case EntityReplaced { Entity: RoleBinding binding }:
                    changes.Add(BindingChange(AccessEventTypes.BindingChanged, binding));
                    break;
                case EntityDeleted { Entity: RoleBinding binding }:
                    changes.Add(BindingChange(AccessEventTypes.BindingDeleted, binding));
                    break;
                case EntityReplaced { Entity: Role role }:
                    changes.Add(new AccessChange(AccessEventTypes.RoleChanged, RoleId: role.Id));
                    break;
                case EntityDeleted { Entity: Role role }:
                    changes.Add(new AccessChange(AccessEventTypes.RoleDeleted, RoleId: role.Id));
                    break;
                case EntityDeleted { Entity: Group group }:
                    changes.Add(new AccessChange(AccessEventTypes.GroupDeleted, GroupId: group.Id));
                    break;
                case EntityCreated { Entity: Cluster cluster }:
                    // Relays must know a cluster before its agent connects, or they could not tell it what its accounts should be.
                    changes.Add(new AccessChange(AccessEventTypes.ClusterCreated, ClusterId: cluster.Id));
                    break;
                case EntityDeleted { Entity: Cluster cluster }:
                    changes.Add(new AccessChange(AccessEventTypes.ClusterDeleted, ClusterId: cluster.Id));
                    break;
                case EntityReplaced { Entity: Cluster cluster }:
                    // Registration and status updates rewrite the cluster too; only a move to another project changes who may reach it.
                    if (before.Clusters.GetValueOrDefault(cluster.Id)?.Value.ProjectId != cluster.ProjectId)
                        changes.Add(new AccessChange(AccessEventTypes.ClusterChanged, ClusterId: cluster.Id));
                    break;
                case SettingsReplaced:
                    changes.Add(new AccessChange(AccessEventTypes.SettingsChanged));
                    break;
            }
        }
        return changes;
    }

    private static AccessChange BindingChange(string type, RoleBinding binding) => new(type, BindingId: binding.Id, RoleId: binding.RoleId,
        UserId: binding.Subject.Kind == SubjectKind.User ? binding.Subject.Id : null, GroupId: binding.Subject.Kind == SubjectKind.Group ? binding.Subject.Id : null);

    private static void UserChanges(DirectoryView before, User user, List<AccessChange> changes)
    {
        var old = before.Users.GetValueOrDefault(user.Id)?.Value;
        if (old is null) return;
        if (old.Active && !user.Active) changes.Add(new AccessChange(AccessEventTypes.UserDeactivated, UserId: user.Id));
        if (!old.Active && user.Active) changes.Add(new AccessChange(AccessEventTypes.UserActivated, UserId: user.Id));
        if (old.CredentialsRevokedBefore != user.CredentialsRevokedBefore) changes.Add(new AccessChange(AccessEventTypes.KubeconfigRevoked, UserId: user.Id));
    }
}
