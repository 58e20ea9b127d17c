namespace Paralus.Domain.Model;

/// <summary>The permission names Paralus uses; custom roles are built from these.</summary>
public static class Permissions
{
    public const string OrganizationRead = "organization.read";
    public const string OrganizationWrite = "organization.write";
    public const string UserRead = "user.read";
    public const string UserWrite = "user.write";
    public const string GroupRead = "group.read";
    public const string GroupWrite = "group.write";
    public const string ProjectRead = "project.read";
    public const string ProjectWrite = "project.write";
    public const string ProjectAdminWrite = "project.admin.write";
    public const string RoleRead = "role.read";
    public const string RoleWrite = "role.write";
    public const string RolePermissionRead = "rolepermission.read";
    public const string ClusterRead = "cluster.read";
    public const string ClusterWrite = "cluster.write";
    public const string OidcRead = "oidc.read";
    public const string OidcWrite = "oidc.write";
    public const string SsoUserRead = "ssouser.read";
    public const string SsoUserWrite = "ssouser.write";
    public const string KubeconfigRead = "kubeconfig.read";
    public const string KubeconfigWrite = "kubeconfig.write";
    public const string AuditRead = "audit.read";
    public const string OrgAuditLogRead = "org.auditLog.read";
    public const string OrgRelayAuditRead = "org.relayAudit.read";
    public const string ProjectAuditRead = "project.audit.read";
    public const string ProjectAuditLogRead = "project.auditLog.read";
    public const string ProjectRelayAuditRead = "project.relayAudit.read";
    public const string ConsoleAll = "console.all";

    /// <summary>Cluster-wide write access through kubectl.</summary>
    public const string KubectlFullAccess = "kubectl.fullaccess";

    /// <summary>Cluster-wide read access through kubectl.</summary>
    public const string KubectlClusterRead = "kubectl.cluster.read";

    public const string KubectlNamespaceRead = "kubectl.namespace.read";
    public const string KubectlNamespaceWrite = "kubectl.namespace.write";
    public const string KubectlClusterSettingsRead = "kubectl.clustersettings.read";
    public const string KubectlClusterSettingsWrite = "kubectl.clustersettings.write";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        OrganizationRead, OrganizationWrite, UserRead, UserWrite, GroupRead, GroupWrite,
        ProjectRead, ProjectWrite, ProjectAdminWrite, RoleRead, RoleWrite, RolePermissionRead,
        ClusterRead, ClusterWrite, OidcRead, OidcWrite, SsoUserRead, SsoUserWrite,
        KubeconfigRead, KubeconfigWrite, AuditRead, OrgAuditLogRead, OrgRelayAuditRead,
        ProjectAuditRead, ProjectAuditLogRead, ProjectRelayAuditRead, ConsoleAll,
        KubectlFullAccess, KubectlClusterRead, KubectlNamespaceRead, KubectlNamespaceWrite,
        KubectlClusterSettingsRead, KubectlClusterSettingsWrite,
    };

    /// <summary>Whether a permission lets its holder change something: every <c>*.write</c> and full kubectl access.</summary>
    public static bool IsWrite(string permission) =>
        permission == KubectlFullAccess || permission.EndsWith(".write", StringComparison.Ordinal);
}
