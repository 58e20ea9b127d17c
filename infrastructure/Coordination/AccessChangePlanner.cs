using Azure.Data.Tables;
using Paralus.Domain.Model;
using Paralus.Infrastructure.Storage;

namespace Paralus.Infrastructure.Coordination;

/// <summary>
/// Reads a commit's rows against the view it was planned on and says what they change about access. Derived from the
/// rows, not declared by each API, so no endpoint can forget to announce a change.
/// </summary>
internal static class AccessChangePlanner
{
    public static IReadOnlyList<AccessChange> Plan(DirectoryView before, IEnumerable<TableTransactionAction> actions)
    {
        var changes = new List<AccessChange>();
        foreach (var action in actions)
        {
            var row = (TableEntity)action.Entity;
            var key = row.RowKey;
            var kind = key[..key.IndexOf('|')];
            var type = action.ActionType;
            var deleted = type == TableTransactionActionType.Delete;
            var added = type == TableTransactionActionType.Add;
            switch (kind)
            {
                case EntityKinds.User when deleted:
                    changes.Add(new AccessChange(AccessEventTypes.UserDeleted, UserId: RowKeys.EntityId(key)));
                    break;
                case EntityKinds.User when !added:
                    UserChanges(before, StorageJson.Deserialize<User>(row.GetString("Data")), changes);
                    break;
                case "member":
                    changes.Add(new AccessChange(deleted ? AccessEventTypes.MembershipRemoved : AccessEventTypes.MembershipAdded,
                        UserId: row.GetString("UserId") ?? MembershipPart(key, 2), GroupId: row.GetString("GroupId") ?? MembershipPart(key, 1)));
                    break;
                case EntityKinds.RoleBinding:
                    var bindingId = RowKeys.EntityId(key);
                    var binding = deleted ? before.Bindings.GetValueOrDefault(bindingId)?.Value : StorageJson.Deserialize<RoleBinding>(row.GetString("Data"));
                    var subject = binding?.Subject;
                    changes.Add(new AccessChange(deleted ? AccessEventTypes.BindingDeleted : added ? AccessEventTypes.BindingCreated : AccessEventTypes.BindingChanged,
                        BindingId: bindingId, RoleId: binding?.RoleId,
                        UserId: subject?.Kind == SubjectKind.User ? subject.Id : null, GroupId: subject?.Kind == SubjectKind.Group ? subject.Id : null));
                    break;
                case EntityKinds.Role when !added:
                    changes.Add(new AccessChange(deleted ? AccessEventTypes.RoleDeleted : AccessEventTypes.RoleChanged, RoleId: RowKeys.EntityId(key)));
                    break;
                case EntityKinds.Group when deleted:
                    changes.Add(new AccessChange(AccessEventTypes.GroupDeleted, GroupId: RowKeys.EntityId(key)));
                    break;
                case EntityKinds.Cluster when added:
                    // Relays must know a cluster before its agent connects, or they could not tell it what its accounts should be.
                    changes.Add(new AccessChange(AccessEventTypes.ClusterCreated, ClusterId: RowKeys.EntityId(key)));
                    break;
                case EntityKinds.Cluster when deleted:
                    changes.Add(new AccessChange(AccessEventTypes.ClusterDeleted, ClusterId: RowKeys.EntityId(key)));
                    break;
                case EntityKinds.Cluster when !added:
                    // Registration and status updates rewrite the row too; only a move to another project changes who may reach it.
                    var cluster = StorageJson.Deserialize<Cluster>(row.GetString("Data"));
                    if (before.Clusters.GetValueOrDefault(cluster.Id)?.Value.ProjectId != cluster.ProjectId)
                        changes.Add(new AccessChange(AccessEventTypes.ClusterChanged, ClusterId: cluster.Id));
                    break;
                case "meta" when key == RowKeys.Settings:
                    changes.Add(new AccessChange(AccessEventTypes.SettingsChanged));
                    break;
            }
        }
        return changes;
    }

    private static void UserChanges(DirectoryView before, User user, List<AccessChange> changes)
    {
        var old = before.Users.GetValueOrDefault(user.Id)?.Value;
        if (old is null) return;
        if (old.Active && !user.Active) changes.Add(new AccessChange(AccessEventTypes.UserDeactivated, UserId: user.Id));
        if (!old.Active && user.Active) changes.Add(new AccessChange(AccessEventTypes.UserActivated, UserId: user.Id));
        if (old.CredentialsRevokedBefore != user.CredentialsRevokedBefore) changes.Add(new AccessChange(AccessEventTypes.KubeconfigRevoked, UserId: user.Id));
    }

    private static string MembershipPart(string rowKey, int index) => RowKeys.Unescape(rowKey.Split('|')[index]);
}
