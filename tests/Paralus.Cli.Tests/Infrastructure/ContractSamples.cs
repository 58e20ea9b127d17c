using Paralus.Domain.Contracts;

namespace Paralus.Cli.Tests.Infrastructure;

/// <summary>Resources as the control plane would return them, dated relative to <see cref="CliTestHost.Now"/>.</summary>
public static class ContractSamples
{
    private static readonly DateTimeOffset Now = CliTestHost.Now;

    public static ProjectResource Project { get; } = new("prj-1", "aws", "AWS accounts", Now.AddDays(-3), "\"1\"");

    public static ProjectResource OtherProject { get; } = new("prj-2", "gcp-production", "", Now.AddMinutes(-5), "\"1\"");

    public static UserResource User { get; } = new("usr-1", "virat.kohli@paralus.local", "Virat", "Kohli", "local", true, ["AWS Project Members"], Now.AddHours(-2), "\"1\"");

    public static GroupResource Group { get; } = new("grp-1", "AWS Project Members", "", "custom", ["virat.kohli@paralus.local"], Now.AddSeconds(-30), "\"1\"");

    public static RoleResource Role { get; } = new("role-clusterview", "clusterview", "", "project", ["project.read", "cluster.read"], false, "\"1\"");

    public static RoleBindingResource RoleBinding { get; } = new("rb-1", null, "AWS Project Members", "PROJECT_ADMIN", "project", "aws", null, Now.AddMinutes(-1));

    public static ClusterResource Cluster { get; } = new("cl-1", "c1", "aws", "", new Dictionary<string, string> { ["env"] = "prod" }, Now.AddDays(-1),
        new ClusterStatusResource("Ready", Now.AddSeconds(-5), "0.1.0", "v1.32.0", ["relay-0"]), "\"1\"");

    public static OrganizationSettingsResource Settings { get; } = new(28_800, 86_400, 28_800, 7_776_000, false, "\"1\"");

    public static CreatedApiKeyResponse CreatedApiKey { get; } = new("ak-1", "pk_ak-1.s3cr3t", "ci", Now);

    public static ApiKeyResource ApiKey { get; } = new("ak-1", "admin@paralus.local", "ci", Now.AddDays(-2), null, Now.AddDays(29));

    public static KubectlAuditEventResource KubectlAuditEvent { get; } = new("3f1c0e7a", Now.AddMinutes(-5), "aws", "sandbox", "sally@example.com", "certificate",
        "127.0.0.1", "kubectl/v1.33.0", "delete", "apps", "deployments", null, "apple", "nginx", "/apis/apps/v1/namespaces/apple/deployments/nginx", 200, "allow",
        "binding b1 grants NAMESPACE_ADMIN", 12, null, 120, "sally-64example-46com", null, null, null);

    public static SystemAuditEventResource AuditEvent { get; } = new("ev-1", Now.AddMinutes(-10), "admin@paralus.local", "project.create", "project/aws", "aws", "success", "127.0.0.1", "paralus-cli/0.1.0", null);

    public static WhoAmIResponse WhoAmI { get; } = new("admin@paralus.local", "local", ["Organization Admins"], "session");

    public static CanIResponse Allowed { get; } = new(true, "virat.kohli@paralus.local", "cluster.read", "project/aws", "allowed by binding rb-1 via group AWS Project Members");

    public static CanIResponse Denied { get; } = new(false, "virat.kohli@paralus.local", "cluster.read", "project/aws", "no binding grants cluster.read in project aws");

    public static LoginResponse Login { get; } = new("session-token-from-login", Now.AddHours(8), "admin@paralus.local");

    public static ListResponse<T> List<T>(params T[] items) => new(items, null);
}
