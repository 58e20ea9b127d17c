namespace Paralus.Cli.Api;

/// <summary>Paths of the REST API, relative to the server URL so that a server behind a path prefix works too.</summary>
internal static class ApiRoutes
{
    public const string Login = "api/v1/auth/login";
    public const string WhoAmI = "api/v1/auth/whoami";
    public const string Password = "api/v1/auth/password";
    public const string Totp = "api/v1/auth/totp";
    public const string TotpConfirm = "api/v1/auth/totp/confirm";
    public const string TotpDisable = "api/v1/auth/totp/disable";
    public const string Projects = "api/v1/projects";
    public const string Users = "api/v1/users";
    public const string Groups = "api/v1/groups";
    public const string Roles = "api/v1/roles";
    public const string Permissions = "api/v1/permissions";
    public const string RoleBindings = "api/v1/rolebindings";
    public const string Clusters = "api/v1/clusters";

    /// <summary>POST: a fresh single-use registration token and the agent manifest for the cluster.</summary>
    public static string ClusterBootstrap(string cluster) => $"{Item(Clusters, cluster)}/bootstrap";
    public const string Settings = "api/v1/settings";
    public const string ApiKeys = "api/v1/apikeys";
    public const string SystemAudit = "api/v1/audit/system";
    public const string KubectlAudit = "api/v1/audit/kubectl";
    public const string KubectlAuditExport = "api/v1/audit/kubectl/export";
    public const string AuditVerify = "api/v1/audit/verify";
    public const string CanI = "api/v1/authz/can-i";
    public const string IdentityProviders = "api/v1/idps";
    public const string SsoProviders = "api/v1/sso/providers";
    public const string SsoToken = "api/v1/sso/token";
    public const string SsoLogout = "api/v1/sso/logout";
    public const string Kubeconfig = "api/v1/kubeconfig";
    public const string KubectlToken = "api/v1/kubeconfig/token";

    /// <summary>Where the browser starts a company sign-in; the control plane redirects it on to the provider.</summary>
    public static string SsoAuthorize(string identityProvider) => $"api/v1/sso/{Uri.EscapeDataString(identityProvider)}/authorize";

    public static string SsoDevice(string identityProvider) => $"api/v1/sso/{Uri.EscapeDataString(identityProvider)}/device";

    /// <summary>An API path as an absolute URL, for a browser rather than for <see cref="ParalusApiClient"/>.</summary>
    public static Uri Absolute(Uri server, string pathAndQuery) =>
        new(server.AbsoluteUri.EndsWith('/') ? server : new Uri(server.AbsoluteUri + "/"), pathAndQuery);

    /// <summary>Names go into one path segment: group names contain spaces, user names '@'.</summary>
    public static string Item(string collection, string name) => $"{collection}/{Uri.EscapeDataString(name)}";
}
