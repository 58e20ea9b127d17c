using Paralus.Domain.Contracts;
using Paralus.Domain.Directory;
using Paralus.Domain.Model;
using Paralus.Infrastructure.Storage;

namespace Paralus.Functions.Apis;

/// <summary>Turns stored entities into the API's resource shapes, resolving ids to names.</summary>
internal static class ResourceMapper
{
    public static ProjectResource ToResource(this Stored<Project> p) =>
        new(p.Value.Id, p.Value.Name, p.Value.Description, p.Value.CreatedAt, p.ETag);

    public static UserResource ToResource(this Stored<User> u, DirectoryView view) => new(
        u.Value.Id, u.Value.Name, u.Value.FirstName, u.Value.LastName, u.Value.Kind.ToString(), u.Value.Active,
        view.Memberships.Where(m => m.UserId == u.Value.Id).Select(m => GroupName(view, m.GroupId)).Order(StringComparer.Ordinal).ToArray(),
        u.Value.CreatedAt, u.ETag, u.Value.Issuer, u.Value.Subject, u.Value.Description);

    public static GroupResource ToResource(this Stored<Group> g, DirectoryView view) => new(
        g.Value.Id, g.Value.Name, g.Value.Description, g.Value.Kind.ToString(),
        view.Memberships.Where(m => m.GroupId == g.Value.Id).Select(m => UserName(view, m.UserId)).Order(StringComparer.Ordinal).ToArray(),
        g.Value.CreatedAt, g.ETag);

    public static RoleResource ToResource(this Stored<Role> r) =>
        new(r.Value.Id, r.Value.Name, r.Value.Description, ScopeName(r.Value.Scope), r.Value.Permissions, r.Value.BuiltIn, r.ETag);

    public static RoleBindingResource ToResource(this Stored<RoleBinding> b, DirectoryView view)
    {
        var binding = b.Value;
        return new(
            binding.Id,
            binding.Subject.Kind == SubjectKind.User ? UserName(view, binding.Subject.Id) : null,
            binding.Subject.Kind == SubjectKind.Group ? GroupName(view, binding.Subject.Id) : null,
            view.Roles.TryGetValue(binding.RoleId, out var role) ? role.Value.Name : binding.RoleId,
            ScopeName(binding.Scope.Kind),
            binding.Scope.ProjectId is null ? null : ProjectName(view, binding.Scope.ProjectId),
            binding.Scope.Namespace,
            binding.CreatedAt);
    }

    /// <summary>Relays that reported a cluster within this window count as connected to it.</summary>
    public static readonly TimeSpan PresenceWindow = TimeSpan.FromSeconds(30);

    public static ClusterResource ToResource(this Stored<Cluster> c, DirectoryView view, IReadOnlyList<RelayPresence>? presence = null, DateTimeOffset? now = null)
    {
        var reports = presence ?? [];
        var connected = now is { } at ? ConnectedRelays(reports, at) : [];
        DateTimeOffset? lastSeen = reports.Count > 0 ? reports.Max(p => p.SeenAt) : c.Value.Status.LastSeen;
        return new(
            c.Value.Id, c.Value.Name, ProjectName(view, c.Value.ProjectId), c.Value.Description, c.Value.Labels, c.Value.CreatedAt,
            new ClusterStatusResource(c.Value.Status.Phase, lastSeen, c.Value.Status.AgentVersion, c.Value.Status.KubernetesVersion, connected),
            c.ETag);
    }

    /// <summary>The relays that reported holding a tunnel to the cluster within <see cref="PresenceWindow"/>.</summary>
    public static string[] ConnectedRelays(IReadOnlyList<RelayPresence>? reports, DateTimeOffset now) =>
        (reports ?? []).Where(p => now - p.SeenAt <= PresenceWindow).Select(p => p.RelayId).Order(StringComparer.Ordinal).ToArray();

    public static OrganizationSettingsResource ToResource(this Stored<OrganizationSettings> s) => new(
        (long)s.Value.KubeconfigValidity.TotalSeconds,
        (long)s.Value.KubeconfigMaxValidity.TotalSeconds,
        (long)s.Value.ServiceAccountInactivityTimeout.TotalSeconds,
        (long)s.Value.AuditRetention.TotalSeconds,
        s.Value.RequireSecondFactorForAdmins,
        s.ETag);

    public static ApiKeyResource ToResource(this Stored<ApiKey> k, DirectoryView view, DateTimeOffset? lastUsedAt) =>
        new(k.Value.Id, UserName(view, k.Value.UserId), k.Value.Description, k.Value.CreatedAt, lastUsedAt, k.Value.ExpiresAt, ApiKey.ScopeName(k.Value.Scope));

    public static string ScopeName(ScopeKind scope) => scope.ToString().ToLowerInvariant();

    public static string ProjectName(DirectoryView view, string projectId) =>
        projectId == BindingScope.Wildcard ? projectId : view.Projects.TryGetValue(projectId, out var p) ? p.Value.Name : projectId;

    private static string UserName(DirectoryView view, string userId) => view.Users.TryGetValue(userId, out var u) ? u.Value.Name : userId;

    public static string GroupName(DirectoryView view, string groupId) => view.Groups.TryGetValue(groupId, out var g) ? g.Value.Name : groupId;
}
