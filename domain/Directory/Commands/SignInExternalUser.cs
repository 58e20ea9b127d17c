using Paralus.Domain.Model;
using Paralus.Domain.Security;

namespace Paralus.Domain.Directory.Commands;

/// <summary>
/// A person an identity provider has vouched for, at sign-in or refresh. The user is found by issuer and subject
/// only; the first sign-in creates them under the provider's user name unless that name belongs to anyone else (a
/// local user, or a user of another provider with the same e-mail address), which is refused: an e-mail claim from
/// another provider must not take over an account. Their provider-given memberships are made to match the provider's
/// groups now; memberships an administrator added are left alone. A sign-in that changes nothing commits nothing.
/// Answers the signed-in user.
/// </summary>
public sealed record SignInExternalUser(IdentityProvider Provider, ValidatedIdentity Identity, string NewUserId, DateTimeOffset Now) : IDirectoryCommand<User>
{
    public Mutation<User> Plan(DirectoryView view)
    {
        var desired = GroupMappingRule.Map(Provider, Identity.Groups, view).Order(StringComparer.Ordinal).ToArray();
        var changes = new DirectoryChangeSet();
        var linked = view.UserByExternalIdentity(Identity.Issuer, Identity.Subject);
        User user;
        if (linked is not null)
        {
            if (!linked.Value.Active) return DirectoryError.Conflict($"user '{linked.Value.Name}' is deactivated; ask an administrator.");
            user = linked.Value;
        }
        else
        {
            if (NameRules.UserName(Identity.Username) is { } invalid)
            {
                return DirectoryError.Invalid($"the identity provider's {Provider.UsernameClaim} claim is not a usable user name: {invalid}");
            }
            if (view.UserByName(Identity.Username) is not null)
            {
                return DirectoryError.Conflict($"user name '{Identity.Username}' belongs to another account; an administrator can link this identity to it.");
            }
            user = new User(NewUserId, Identity.Username, "", "", UserKind.External, Active: true, Now, Identity.Issuer, Identity.Subject,
                IdentityProviderId: Provider.Id, IdpGroupIds: desired);
            changes.Create(user).LinkExternalIdentity(Identity.Issuer, Identity.Subject, user.Id);
        }

        var current = view.GroupIdsOf(user.Id);
        foreach (var groupId in desired.Where(g => !current.Contains(g))) changes.AddMembership(groupId, user.Id);
        var given = linked?.Value.IdpGroupIds ?? [];
        foreach (var groupId in given.Where(g => current.Contains(g) && !desired.Contains(g)).Order(StringComparer.Ordinal)) changes.RemoveMembership(groupId, user.Id);

        if (linked is not null && (!given.SequenceEqual(desired) || user.IdentityProviderId != Provider.Id))
        {
            user = user with { IdpGroupIds = desired, IdentityProviderId = Provider.Id };
            changes.Replace(user, linked.ETag);
        }
        return Mutation.Apply(changes, user);
    }
}
