using Paralus.Domain.Directory;
using Paralus.Domain.Model;

namespace Paralus.Domain.Security;

/// <summary>
/// Which Paralus groups an identity provider's groups make a person a member of: every explicit mapping that names one
/// of them, and every custom group of the same name (ignoring case). Built-in groups ("Organization Admins", "All Local
/// Users") only through an explicit mapping: a provider group that happens to be called "Organization Admins" must not
/// make anyone an administrator.
/// </summary>
public static class GroupMappingRule
{
    public static IReadOnlySet<string> Map(IdentityProvider provider, IReadOnlyList<string> providerGroups, DirectoryView view)
    {
        var given = providerGroups.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var groups = new HashSet<string>(StringComparer.Ordinal);
        foreach (var mapping in provider.GroupMappings)
        {
            if (given.Contains(mapping.IdpGroup) && view.Groups.ContainsKey(mapping.GroupId)) groups.Add(mapping.GroupId);
        }
        foreach (var name in given)
        {
            if (view.GroupByName(name) is { Value: { Kind: GroupKind.Custom } group }) groups.Add(group.Id);
        }
        return groups;
    }
}
