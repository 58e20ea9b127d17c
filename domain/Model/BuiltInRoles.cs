using static Paralus.Domain.Model.Permissions;

namespace Paralus.Domain.Model;

/// <summary>Paralus's built-in roles (names, scopes, permission sets), created at first start with fixed ids.</summary>
public static class BuiltInRoles
{
    public const string Admin = "ADMIN";
    public const string AdminReadOnly = "ADMIN_READ_ONLY";
    public const string ProjectAdmin = "PROJECT_ADMIN";
    public const string ProjectReadOnly = "PROJECT_READ_ONLY";
    public const string ClusterAdmin = "CLUSTER_ADMIN";
    public const string NamespaceAdmin = "NAMESPACE_ADMIN";
    public const string NamespaceReadOnly = "NAMESPACE_READ_ONLY";

    /// <summary>Built-in role ids are "role-" + the lower-cased name, identical in every organization.</summary>
    public static string IdOf(string name) => "role-" + name.ToLowerInvariant().Replace('_', '-');

    public static IReadOnlyList<Role> All { get; } =
    [
        Create(Admin, "User can view and manage all your application and infrastructure resources across all projects.", ScopeKind.Organization,
            UserRead, UserWrite, GroupRead, GroupWrite, ConsoleAll, ProjectRead, ProjectWrite, ProjectAdminWrite,
            RoleRead, RoleWrite, RolePermissionRead, OidcRead, OidcWrite, SsoUserRead, SsoUserWrite,
            ProjectAuditLogRead, ProjectRelayAuditRead, ProjectAuditRead, KubeconfigRead, KubeconfigWrite,
            KubectlClusterSettingsRead, KubectlClusterSettingsWrite, KubectlFullAccess, OrgAuditLogRead,
            OrgRelayAuditRead, AuditRead, OrganizationRead, OrganizationWrite, ClusterRead, ClusterWrite),
        Create(AdminReadOnly, "User can view all your application and infrastructure resources across all projects.", ScopeKind.Organization,
            UserRead, GroupRead, ConsoleAll, ProjectRead, RoleRead, RolePermissionRead, OidcRead, SsoUserRead,
            ProjectAuditLogRead, ProjectRelayAuditRead, KubeconfigRead, KubectlClusterSettingsRead, KubectlClusterRead,
            OrgAuditLogRead, OrgRelayAuditRead, AuditRead, OrganizationRead, ClusterRead),
        Create(ProjectAdmin, "User can view and manage all your application resources.", ScopeKind.Project,
            ConsoleAll, ProjectAdminWrite, ProjectAuditLogRead, ProjectRelayAuditRead, ProjectAuditRead, KubeconfigRead,
            KubectlFullAccess, ClusterRead, ClusterWrite, ProjectRead, ProjectWrite),
        Create(ProjectReadOnly, "User can only view your application resources.", ScopeKind.Project,
            ConsoleAll, ProjectRead, ProjectAuditLogRead, ProjectRelayAuditRead, ProjectAuditRead, KubeconfigRead,
            KubectlClusterRead, ClusterRead),
        Create(ClusterAdmin, "User can view and manage all your cluster resources.", ScopeKind.Project,
            ConsoleAll, ProjectRead, ProjectAuditLogRead, ProjectRelayAuditRead, ProjectAuditRead, KubeconfigRead,
            KubectlClusterSettingsRead, KubectlClusterSettingsWrite, KubectlClusterRead, ClusterRead, ClusterWrite,
            KubectlFullAccess),
        Create(NamespaceAdmin, "User can only publish workloads in assigned namespaces.", ScopeKind.Namespace,
            ConsoleAll, ProjectRead, ClusterRead, KubeconfigRead, KubectlNamespaceRead, KubectlNamespaceWrite),
        Create(NamespaceReadOnly, "User can only view workloads in assigned namespaces.", ScopeKind.Namespace,
            ConsoleAll, ProjectRead, ClusterRead, KubeconfigRead, KubectlNamespaceRead),
    ];

    private static Role Create(string name, string description, ScopeKind scope, params string[] permissions) =>
        new(IdOf(name), name, description, scope, permissions, BuiltIn: true);
}
