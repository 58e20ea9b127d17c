using Paralus.Domain.Model;

namespace Paralus.Domain.Directory.Commands;

/// <summary>
/// A company identity provider. Its name is unique, and so is its issuer with its client: two providers answering for
/// the same issuer and client would make "which provider signed this person in" ambiguous. Every mapping must name
/// an existing group.
/// </summary>
public sealed record CreateIdentityProvider(IdentityProvider Provider) : IDirectoryCommand<bool>
{
    public Mutation<bool> Plan(DirectoryView view)
    {
        if (view.IdentityProviderByName(Provider.Name) is not null) return DirectoryError.AlreadyExists("identity provider", Provider.Name);
        if (view.IdentityProviders.Values.FirstOrDefault(p => p.Value.Issuer == Provider.Issuer && p.Value.ClientId == Provider.ClientId) is { } twin)
        {
            return DirectoryError.Conflict($"identity provider '{twin.Value.Name}' already uses issuer {Provider.Issuer} with client '{Provider.ClientId}'.");
        }
        if (Provider.GroupMappings.FirstOrDefault(m => !view.Groups.ContainsKey(m.GroupId)) is { } dangling)
        {
            return DirectoryError.NotFound("group", dangling.GroupId);
        }
        return Mutation.Apply(new DirectoryChangeSet().Create(Provider), true);
    }
}
