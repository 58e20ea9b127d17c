using Paralus.Domain.Model;

namespace Paralus.Domain.Directory.Commands;

/// <summary>
/// Replaces an identity provider's client, scopes, claims or mappings (null: unchanged), under <paramref name="ExpectedETag"/>
/// when given. Its issuer and kind stay: the users it signed in are linked by them. Every mapping must name an existing group.
/// </summary>
public sealed record UpdateIdentityProvider(
    string Name,
    string? ClientId,
    IReadOnlyList<string>? Scopes,
    string? UsernameClaim,
    string? GroupsClaim,
    IReadOnlyList<GroupMapping>? GroupMappings,
    string? ExpectedETag) : IDirectoryCommand<IdentityProvider>
{
    public Mutation<IdentityProvider> Plan(DirectoryView view)
    {
        if (view.IdentityProviderByName(Name) is not { } stored) return DirectoryError.NotFound("identity provider", Name);
        if (ExpectedETag is not null && ExpectedETag != stored.ETag) return DirectoryError.ChangedConcurrently("identity provider", Name);
        var updated = stored.Value with
        {
            ClientId = ClientId ?? stored.Value.ClientId,
            Scopes = Scopes is null ? stored.Value.Scopes : IdentityProviderSettings.WithOpenId(Scopes),
            UsernameClaim = UsernameClaim ?? stored.Value.UsernameClaim,
            GroupsClaim = GroupsClaim ?? stored.Value.GroupsClaim,
            GroupMappings = GroupMappings ?? stored.Value.GroupMappings,
        };
        if (view.IdentityProviders.Values.FirstOrDefault(p => p.Value.Id != updated.Id && p.Value.Issuer == updated.Issuer && p.Value.ClientId == updated.ClientId) is { } twin)
        {
            return DirectoryError.Conflict($"identity provider '{twin.Value.Name}' already uses issuer {updated.Issuer} with client '{updated.ClientId}'.");
        }
        if (updated.GroupMappings.FirstOrDefault(m => !view.Groups.ContainsKey(m.GroupId)) is { } dangling) return DirectoryError.NotFound("group", dangling.GroupId);
        return Mutation.Apply(new DirectoryChangeSet().Replace(updated, stored.ETag), updated);
    }
}
