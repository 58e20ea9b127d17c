using Paralus.Domain.Contracts;

namespace Paralus.Cli.Parsing;

/// <summary><c>--group-mapping IDP_GROUP=PARALUS_GROUP</c>, repeated: the provider's group before the first '=', the Paralus group (which may hold spaces) after it.</summary>
internal static class GroupMappings
{
    /// <summary>The mappings, or null when none were given, so that a PATCH leaves them alone.</summary>
    public static IReadOnlyList<GroupMappingResource>? Parse(IEnumerable<string>? values)
    {
        var mappings = new List<GroupMappingResource>();
        foreach (var value in values ?? [])
        {
            var separator = value.IndexOf('=', StringComparison.Ordinal);
            var idpGroup = separator > 0 ? value[..separator].Trim() : "";
            var group = separator > 0 ? value[(separator + 1)..].Trim() : "";
            if (idpGroup.Length == 0 || group.Length == 0)
            {
                throw new CliUsageException($"invalid --group-mapping '{value}': use IDP_GROUP=PARALUS_GROUP, e.g. --group-mapping \"k8s-admins=Organization Admins\".");
            }

            mappings.Add(new GroupMappingResource(idpGroup, group));
        }

        return mappings.Count == 0 ? null : mappings;
    }
}
