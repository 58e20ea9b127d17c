using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Paralus.Domain.Audit;
using Paralus.Domain.Certificates;
using Paralus.Domain.Clusters;
using Paralus.Domain.Contracts;
using Paralus.Domain.Directory.Commands;
using Paralus.Domain.Model;
using Paralus.Domain.Policy;
using Paralus.Functions.Configuration;
using Paralus.Functions.OpenApi;
using Paralus.Functions.Pipeline;
using Paralus.Infrastructure.Certificates;
using Paralus.Infrastructure.Sessions;
using Paralus.Infrastructure.Storage;

namespace Paralus.Functions.Apis;

/// <summary>
/// Kubeconfigs with a short-lived client certificate of the user authority, pointing at the relay, and revocation of
/// everything issued so far. The private key is generated here, returned once, and never stored or logged.
/// </summary>
internal static class KubeconfigApi
{
    private const long MinValiditySeconds = 60;
    private static readonly TimeSpan MinKubectlTokenValidity = TimeSpan.FromMinutes(10);

    /// <summary>JSON string escaping is valid YAML double-quoted style; relaxed so base64 '+' and '@' stay readable.</summary>
    private static readonly JsonSerializerOptions YamlQuoting = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IServiceCollection AddKubeconfigApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCertificateAuthorities(configuration);
        services.AddOptions<KubeconfigOptions>().Bind(configuration.GetSection(KubeconfigOptions.SectionName))
            .Validate(o => Uri.TryCreate(o.RelayUrl, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps && url.Query.Length == 0,
                "Paralus:Kubeconfig:RelayUrl must be an absolute https URL without a query.")
            .Validate(o => o.ClusterServerNameSuffix.Length == 0 || (Uri.CheckHostName(o.ClusterServerNameSuffix) == UriHostNameType.Dns && o.ClusterServerNameSuffix.Contains('.')),
                "Paralus:Kubeconfig:ClusterServerNameSuffix must be empty or a DNS name of at least two labels, like clusters.paralus.internal.")
            .ValidateOnStart();
        return services;
    }

    public static RouteGroupBuilder MapKubeconfigApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/kubeconfig").WithFunction("kubeconfig").WithTags("Kubeconfig").ProducesCallerProblems();
        api.MapPost("/", Issue).WithName("IssueKubeconfig").WithSummary("Issue a kubeconfig with a short-lived client certificate for the caller's clusters.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapPost("/token", IssueKubectlToken).WithName("IssueKubectlToken")
            .WithSummary("A short-lived bearer token for kubectl through the relays (what the exec credential plugin asks for); the API itself refuses it.");
        api.MapPost("/revoke", Revoke).WithName("RevokeKubeconfigs").WithSummary("Revoke a user's sessions and kubeconfig certificates, optionally their API keys.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    public static async Task<Results<Ok<KubeconfigResponse>, ProblemHttpResult, ValidationProblem>> Issue(HttpContext http, ControlPlane cp, CertificateAuthorities authorities, IOptions<KubeconfigOptions> relay, ClusterPresenceLog presence,
        IssueKubeconfigRequest? request)
    {
        request ??= new IssueKubeconfigRequest();
        if (ExecPluginRules.Check(request) is { } invalidPlugin) return invalidPlugin;
        var exec = request.Credential == IssueKubeconfigRequest.ExecCredential;
        var access = await cp.ReadAsync(http);
        var caller = access.Caller;
        var holder = new KubeconfigHolder(caller.UserId, caller.UserName, IsServiceUser: false);
        if (request.ServiceUser is { } serviceUserName)
        {
            if (exec) return Problems.Invalid("credential", "a service user never signs in, so the exec credential plugin cannot work for it; its kubeconfig holds a certificate.");
            var found = await ServiceUserAsync(http, cp, access, serviceUserName);
            if (found.Problem is { } problem) return problem;
            holder = found.Holder!;
        }

        var target = $"kubeconfig/{holder.Name}";
        var settings = access.View.Settings.Value;
        var validity = settings.KubeconfigValidity;
        if (request.ValiditySeconds is { } seconds)
        {
            var max = (long)settings.KubeconfigMaxValidity.TotalSeconds;
            if (seconds < MinValiditySeconds) return Problems.Invalid("validitySeconds", $"validitySeconds must be at least {MinValiditySeconds}.");
            if (seconds > max) return Problems.Invalid("validitySeconds", $"validitySeconds {seconds} exceeds the organization's maximum kubeconfig validity of {max} seconds.");
            validity = TimeSpan.FromSeconds(seconds);
        }

        // The clusters are those the holder may use that the caller may also see: a kubeconfig must not tell an
        // administrator of users about clusters hidden from them.
        var visible = access.Policy.GetProjectsWith(caller.UserId, Permissions.ClusterRead);
        var holderVisible = holder.IsServiceUser ? access.Policy.GetProjectsWith(holder.Id, Permissions.ClusterRead) : visible;
        var issuable = access.Policy.GetProjectsWith(holder.Id, Permissions.KubeconfigRead);
        List<Cluster> clusters;
        string? project = null;
        if (request.Cluster is { } name)
        {
            // A cluster the caller cannot see is answered exactly like a missing one.
            if (access.View.ClusterByName(name) is not { } cluster || !visible.Contains(cluster.Value.ProjectId)) return Problems.NotFound("cluster", name);
            project = ResourceMapper.ProjectName(access.View, cluster.Value.ProjectId);
            if (holder.IsServiceUser)
            {
                if (!holderVisible.Contains(cluster.Value.ProjectId) || !issuable.Contains(cluster.Value.ProjectId))
                {
                    var unreachable = $"service user '{holder.Name}' has no role that reaches cluster '{name}'; bind it a role in project '{project}' first.";
                    await cp.AuditAsync(http, caller, "kubeconfig.issue", target, project, AuditOutcome.Failure, unreachable);
                    return Problems.BadRequest(unreachable);
                }
            }
            // Namespace roles hold kubeconfig.read in their namespace only; that is enough to need a kubeconfig for the cluster.
            else if (!issuable.Contains(cluster.Value.ProjectId)
                && await cp.DenyUnlessAsync(http, access, Permissions.KubeconfigRead, PolicyTarget.ForProject(cluster.Value.ProjectId), "kubeconfig.issue", target, project) is { } denied)
            {
                return denied;
            }
            clusters = [cluster.Value];
        }
        else
        {
            if (!holder.IsServiceUser && issuable.IsEmpty
                && await cp.DenyUnlessAsync(http, access, Permissions.KubeconfigRead, PolicyTarget.Organization, "kubeconfig.issue", target) is { } denied)
            {
                return denied;
            }
            clusters = access.View.Clusters.Values.Select(c => c.Value)
                .Where(c => visible.Contains(c.ProjectId) && holderVisible.Contains(c.ProjectId) && issuable.Contains(c.ProjectId))
                .OrderBy(c => c.Name, StringComparer.Ordinal)
                .ToList();
            if (clusters.Count == 0)
            {
                return TypedResults.Problem($"user '{holder.Name}' has no cluster to put in a kubeconfig.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
            }
        }

        // Read per request: the relay creates its CA on first start, which may come after the control plane's.
        if (relay.Value.RelayCaFile is { Length: > 0 } missing && !File.Exists(missing))
        {
            return TypedResults.Problem("the relay's CA certificate is not there yet (Paralus:Kubeconfig:RelayCaFile); start the relay and retry.", statusCode: 503, title: "Service unavailable");
        }
        var relayAuthority = relay.Value.RelayCaFile is { Length: > 0 } file ? await File.ReadAllBytesAsync(file, http.RequestAborted) : null;
        var names = clusters.Select(c => c.Name).ToList();
        var current = clusters.Count == 1 ? names[0] : await CurrentContextAsync(cp, presence, caller.OrganizationId, clusters, http.RequestAborted);
        if (exec)
        {
            var plugin = request.Exec ?? new ExecPlugin("paralus", ["credential"]);
            await cp.AuditAsync(http, caller, "kubeconfig.issue", target, project, AuditOutcome.Success, $"exec credential plugin for clusters {string.Join(", ", names)}");
            return TypedResults.Ok(new KubeconfigResponse(Render(relay.Value, relayAuthority, names, current, caller.UserName, ExecUser(plugin)), caller.UserName, names, null, current));
        }
        var issued = authorities.User.IssueClientCertificate(holder.Id, holder.Name, caller.OrganizationId, validity);
        var kubeconfig = Render(relay.Value, relayAuthority, names, current, holder.Name, CertificateUser(issued));
        var forWhom = holder.IsServiceUser ? $"for service user {holder.Name}: " : "";
        await cp.AuditAsync(http, caller, "kubeconfig.issue", target, project, AuditOutcome.Success,
            $"{forWhom}certificate serial {issued.SerialNumber} valid for {(long)validity.TotalSeconds} s until {issued.NotAfter:O} for clusters {string.Join(", ", names)}");
        // The body carries a private key: no proxy or client cache may keep a copy.
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new KubeconfigResponse(kubeconfig, holder.Name, names, issued.NotAfter, current));
    }

    /// <summary>
    /// The service user a kubeconfig is issued for, by someone who may manage other users' credentials (as for
    /// revoking them). Authorized before the name is looked up, so a caller who may not learns nothing about who exists.
    /// </summary>
    private static async Task<(KubeconfigHolder? Holder, ProblemHttpResult? Problem)> ServiceUserAsync(HttpContext http, ControlPlane cp, RequestAccess access, string name)
    {
        var target = $"kubeconfig/{name}";
        if (!access.Policy.Check(access.Caller.UserId, Permissions.UserWrite, PolicyTarget.Organization).IsAllowed
            && await cp.DenyUnlessAsync(http, access, Permissions.KubeconfigWrite, PolicyTarget.Organization, "kubeconfig.issue", target) is { } denied)
        {
            return (null, denied);
        }
        if (access.View.UserByName(name) is not { } user) return (null, Problems.NotFound("user", name));
        if (user.Value.Kind != UserKind.Service)
        {
            return (null, await RefuseAsync($"user '{user.Value.Name}' is not a service user; people get their own kubeconfig with 'paralus kubeconfig'.", StatusCodes.Status400BadRequest, "Bad request"));
        }
        if (!user.Value.Active) return (null, await RefuseAsync($"service user '{user.Value.Name}' is deactivated; activate it first.", StatusCodes.Status409Conflict, "Conflict"));
        return (new KubeconfigHolder(user.Value.Id, user.Value.Name, IsServiceUser: true), null);

        async Task<ProblemHttpResult> RefuseAsync(string reason, int status, string title)
        {
            await cp.AuditAsync(http, access.Caller, "kubeconfig.issue", target, null, AuditOutcome.Failure, reason);
            return TypedResults.Problem(reason, statusCode: status, title: title);
        }
    }

    /// <summary>Of several clusters, the first (by name) that a relay holds a tunnel to now, else the first registered, else the first: never a Pending one while another would answer.</summary>
    private static async Task<string> CurrentContextAsync(ControlPlane cp, ClusterPresenceLog presence, string organizationId, List<Cluster> clusters, CancellationToken cancellationToken)
    {
        var reports = await presence.ReadAsync(organizationId, cancellationToken);
        var now = cp.Time.GetUtcNow();
        var chosen = clusters.FirstOrDefault(c => ResourceMapper.ConnectedRelays(reports.GetValueOrDefault(c.Id), now).Length > 0)
            ?? clusters.FirstOrDefault(c => c.Status.Phase != ClusterStatus.Pending.Phase)
            ?? clusters[0];
        return chosen.Name;
    }

    /// <summary>
    /// The exec plugin's credential: for anyone who may have a kubeconfig at all, valid for the organization's kubeconfig
    /// validity (at least ten minutes, so tools that hold a credential a while, like k9s, keep working).
    /// </summary>
    public static async Task<Results<Ok<KubectlTokenResponse>, ProblemHttpResult, ValidationProblem>> IssueKubectlToken(HttpContext http, ControlPlane cp,
        SessionTokenService sessions, KubectlTokenRequest? request)
    {
        var access = await cp.ReadAsync(http);
        var caller = access.Caller;
        var target = $"kubeconfig/{caller.UserName}";
        var settings = access.View.Settings.Value;
        var validity = settings.KubeconfigValidity < MinKubectlTokenValidity ? MinKubectlTokenValidity : settings.KubeconfigValidity;
        if (request?.ValiditySeconds is { } seconds)
        {
            var max = (long)settings.KubeconfigMaxValidity.TotalSeconds;
            if (seconds < MinKubectlTokenValidity.TotalSeconds) return Problems.Invalid("validitySeconds", $"validitySeconds must be at least {MinKubectlTokenValidity.TotalSeconds}.");
            if (seconds > max) return Problems.Invalid("validitySeconds", $"validitySeconds {seconds} exceeds the organization's maximum kubeconfig validity of {max} seconds.");
            validity = TimeSpan.FromSeconds(seconds);
        }
        if (access.Policy.GetProjectsWith(caller.UserId, Permissions.KubeconfigRead).IsEmpty
            && await cp.DenyUnlessAsync(http, access, Permissions.KubeconfigRead, PolicyTarget.Organization, "kubeconfig.token", target) is { } denied)
        {
            return denied;
        }
        var (token, expiresAt) = sessions.IssueForKubectl(caller.OrganizationId, caller.UserId, caller.UserName, validity);
        await cp.AuditAsync(http, caller, "kubeconfig.token", target, null, AuditOutcome.Success, $"kubectl token valid until {expiresAt:O}");
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new KubectlTokenResponse(token, expiresAt, caller.UserName));
    }

    /// <summary>Yourself always; another user with kubeconfig.write or user.write at organization scope.</summary>
    public static async Task<Results<Ok<RevokeKubeconfigResponse>, ProblemHttpResult>> Revoke(HttpContext http, ControlPlane cp, RevokeKubeconfigRequest? request)
    {
        var access = await cp.ReadAsync(http);
        var caller = access.Caller;
        var name = request?.User ?? caller.UserName;
        var target = $"kubeconfig/{name}";
        var self = string.Equals(name, caller.UserName, StringComparison.OrdinalIgnoreCase);
        if (!self
            && !access.Policy.Check(caller.UserId, Permissions.UserWrite, PolicyTarget.Organization).IsAllowed
            && await cp.DenyUnlessAsync(http, access, Permissions.KubeconfigWrite, PolicyTarget.Organization, "kubeconfig.revoke", target) is { } denied)
        {
            return denied;
        }

        var revokedAt = cp.Time.GetUtcNow();
        var includeApiKeys = request?.IncludeApiKeys == true;
        var result = await cp.Writer.MutateAsync(caller.OrganizationId, new RevokeCredentials(name, revokedAt, includeApiKeys).Plan, http.RequestAborted);
        var detail = includeApiKeys && result.Succeeded ? $"sessions, kubeconfig certificates and {result.Value.Keys} API keys" : null;
        if (await cp.CompleteAsync(http, caller, "kubeconfig.revoke", target, null, result, detail) is { } failed) return failed;
        return TypedResults.Ok(new RevokeKubeconfigResponse(result.Value.Name, revokedAt, result.Value.Keys));
    }

    /// <summary>One cluster and one context per cluster (named after it), one user; every scalar double-quoted.</summary>
    private static string Render(KubeconfigOptions relay, byte[]? relayAuthority, IReadOnlyList<string> clusters, string currentContext, string userName, string user)
    {
        var server = relay.RelayUrl.TrimEnd('/');
        var yaml = new StringBuilder();
        yaml.Append("apiVersion: v1\nkind: Config\nclusters:\n");
        foreach (var cluster in clusters)
        {
            yaml.Append($"- name: {Quote(cluster)}\n  cluster:\n    server: {Quote($"{server}/clusters/{Uri.EscapeDataString(cluster)}")}\n");
            if (relayAuthority is not null) yaml.Append($"    certificate-authority-data: {Quote(Convert.ToBase64String(relayAuthority))}\n");
            if (relay.ClusterServerNameSuffix.Length > 0) yaml.Append($"    tls-server-name: {Quote(ClusterServerName.For(cluster, relay.ClusterServerNameSuffix))}\n");
        }

        yaml.Append($"users:\n- name: {Quote(userName)}\n  user:\n").Append(user);
        yaml.Append("contexts:\n");
        foreach (var cluster in clusters)
        {
            yaml.Append($"- name: {Quote(cluster)}\n  context:\n    cluster: {Quote(cluster)}\n    user: {Quote(userName)}\n");
        }

        yaml.Append($"current-context: {Quote(currentContext)}\npreferences: {{}}\n");
        return yaml.ToString();
    }

    private static string CertificateUser(IssuedClientCertificate issued) =>
        $"    client-certificate-data: {Quote(Base64(issued.CertificatePem))}\n    client-key-data: {Quote(Base64(issued.PrivateKeyPem))}\n";

    /// <summary>
    /// kubectl runs the plugin whenever it needs a credential; <c>IfAvailable</c> lets the plugin sign in again when
    /// someone is at the terminal, and tells it (KUBERNETES_EXEC_INFO) when no one is, so it never waits for input.
    /// </summary>
    private static string ExecUser(ExecPlugin plugin)
    {
        var yaml = new StringBuilder("    exec:\n      apiVersion: \"client.authentication.k8s.io/v1\"\n");
        yaml.Append($"      command: {Quote(plugin.Command)}\n");
        yaml.Append($"      args: [{string.Join(", ", (plugin.Args ?? []).Select(Quote))}]\n");
        if (plugin.Env is { Count: > 0 } env)
        {
            yaml.Append("      env:\n");
            foreach (var (name, value) in env.OrderBy(e => e.Key, StringComparer.Ordinal)) yaml.Append($"      - name: {Quote(name)}\n        value: {Quote(value)}\n");
        }
        yaml.Append("      interactiveMode: \"IfAvailable\"\n      provideClusterInfo: false\n");
        yaml.Append("      installHint: \"the Paralus CLI (paralus) signs kubectl in; install it and run 'paralus login'\"\n");
        return yaml.ToString();
    }

    private static string Quote(string value) => JsonSerializer.Serialize(value, YamlQuoting);

    private static string Base64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));
}
