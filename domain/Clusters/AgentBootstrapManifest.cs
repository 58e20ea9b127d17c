using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Paralus.Domain.Clusters;

/// <summary>
/// The multi-document YAML that installs an agent: namespace, service account with the RBAC the agent needs, its
/// settings (config map), the single-use registration token (secret) and the deployment. The agent registers on
/// its first start and keeps its certificate in the <see cref="CertificateSecretName"/> secret.
/// </summary>
public static class AgentBootstrapManifest
{
    public const string Namespace = "paralus-system";
    public const string AgentName = "paralus-agent";
    public const string RegistrationSecretName = "paralus-agent-registration";
    public const string CertificateSecretName = "paralus-agent-certificate";
    public const string RelayCaKey = "relay-ca.crt";
    public const string TokenKey = "token";

    private const string RelayCaFolder = "/etc/paralus/relay";
    private const string TokenFolder = "/etc/paralus/registration";
    private const string CertificateFolder = "/var/run/paralus";

    /// <summary>JSON string escaping is valid YAML double-quoted style.</summary>
    private static readonly JsonSerializerOptions YamlQuoting = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const string Rbac = """
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: paralus-agent
          namespace: paralus-system
        ---
        # The agent creates per-user service accounts and binds them to ClusterRoles that grant up to '*', hence
        # escalate and bind; it reads the kube-system namespace once, as the cluster's fingerprint, and watches
        # namespaces so a namespace role on every namespace gets a RoleBinding in each new one.
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: paralus-agent
        rules:
        - apiGroups: [""]
          resources: ["namespaces"]
          verbs: ["get", "list", "watch", "create"]
        - apiGroups: [""]
          resources: ["serviceaccounts"]
          verbs: ["create", "get", "list", "watch", "update", "patch", "delete"]
        - apiGroups: [""]
          resources: ["serviceaccounts/token"]
          verbs: ["create"]
        - apiGroups: ["rbac.authorization.k8s.io"]
          resources: ["clusterroles", "clusterrolebindings", "roles", "rolebindings"]
          verbs: ["create", "get", "list", "watch", "update", "patch", "delete"]
        - apiGroups: ["rbac.authorization.k8s.io"]
          resources: ["clusterroles"]
          verbs: ["escalate", "bind"]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: paralus-agent
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: paralus-agent
        subjects:
        - kind: ServiceAccount
          name: paralus-agent
          namespace: paralus-system
        ---
        # Its own certificate lives in a secret of its namespace; no secret elsewhere is readable.
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: paralus-agent
          namespace: paralus-system
        rules:
        - apiGroups: [""]
          resources: ["secrets"]
          verbs: ["get", "create", "update"]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: paralus-agent
          namespace: paralus-system
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: Role
          name: paralus-agent
        subjects:
        - kind: ServiceAccount
          name: paralus-agent
          namespace: paralus-system

        """;

    public static string Render(AgentBootstrapSettings settings)
    {
        var environment = new List<(string Name, string Value)>
        {
            ("Paralus__Agent__ClusterId", settings.ClusterId),
            ("Paralus__Agent__ControlPlaneUrl", settings.ControlPlaneUrl),
            ("Paralus__Agent__RegistrationTokenFile", $"{TokenFolder}/{TokenKey}"),
            ("Paralus__Agent__CertificateSecret", CertificateSecretName),
            ("Paralus__Agent__CertificateFile", $"{CertificateFolder}/agent.crt"),
            ("Paralus__Agent__KeyFile", $"{CertificateFolder}/agent.key"),
            ("Paralus__Agent__RelayCaFile", $"{RelayCaFolder}/{RelayCaKey}"),
        };
        environment.AddRange(settings.RelayAgentUrls.Select((url, i) => ($"Paralus__Agent__Relays__{i}", url)));

        var yaml = new StringBuilder();
        yaml.Append($"# Paralus agent for cluster {Quote(settings.ClusterName)} ({settings.ClusterId}).\n");
        yaml.Append("# Apply with: kubectl apply -f - ; the registration token in it works once and expires.\n");
        yaml.Append("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: paralus-system\n");
        yaml.Append(Rbac);

        yaml.Append("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: paralus-agent\n  namespace: paralus-system\ndata:\n");
        foreach (var (name, value) in environment) yaml.Append($"  {name}: {Quote(value)}\n");
        yaml.Append($"  {RelayCaKey}: {Quote(settings.RelayCaPem)}\n");

        yaml.Append($"---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: {RegistrationSecretName}\n  namespace: paralus-system\ntype: Opaque\n");
        yaml.Append($"stringData:\n  {TokenKey}: {Quote(settings.RegistrationToken)}\n");

        yaml.Append("---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: paralus-agent\n  namespace: paralus-system\n");
        yaml.Append("  labels:\n    app.kubernetes.io/name: paralus-agent\nspec:\n  replicas: 1\n");
        yaml.Append("  selector:\n    matchLabels:\n      app.kubernetes.io/name: paralus-agent\n");
        yaml.Append("  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: paralus-agent\n    spec:\n");
        yaml.Append("      serviceAccountName: paralus-agent\n      containers:\n      - name: agent\n");
        yaml.Append($"        image: {Quote(settings.Image)}\n        env:\n");
        foreach (var (name, _) in environment)
        {
            yaml.Append($"        - name: {name}\n          valueFrom:\n            configMapKeyRef:\n              name: paralus-agent\n              key: {name}\n");
        }
        yaml.Append("        volumeMounts:\n");
        yaml.Append($"        - name: relay-ca\n          mountPath: {RelayCaFolder}\n          readOnly: true\n");
        yaml.Append($"        - name: registration\n          mountPath: {TokenFolder}\n          readOnly: true\n");
        yaml.Append($"        - name: certificate\n          mountPath: {CertificateFolder}\n");
        yaml.Append("      volumes:\n");
        yaml.Append($"      - name: relay-ca\n        configMap:\n          name: paralus-agent\n          items:\n          - key: {RelayCaKey}\n            path: {RelayCaKey}\n");
        // Optional: once registered the agent no longer needs the token, and the secret may be deleted.
        yaml.Append($"      - name: registration\n        secret:\n          secretName: {RegistrationSecretName}\n          optional: true\n");
        yaml.Append("      - name: certificate\n        emptyDir: {}\n");
        return yaml.ToString();
    }

    private static string Quote(string value) => JsonSerializer.Serialize(value, YamlQuoting);
}
