using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Paralus.Domain.Audit;
using Paralus.Domain.Certificates;
using Paralus.Domain.Clusters;
using Paralus.Domain.Contracts;
using Paralus.Domain.Directory;
using Paralus.Domain.Directory.Commands;
using Paralus.Domain.Model;
using Paralus.Domain.Security;
using Paralus.Functions.Configuration;
using Paralus.Functions.OpenApi;
using Paralus.Functions.Pipeline;
using Paralus.Infrastructure.Storage;

namespace Paralus.Functions.Apis;

/// <summary>
/// Cluster import: a user with cluster.write gets a single-use registration token and the agent's install manifest;
/// the agent trades the token (once, from one Kubernetes cluster) for a certificate of the agent authority, and
/// later renews that certificate by proving it holds its key. Tokens are stored as SHA-256 only.
/// </summary>
internal static class ClusterRegistrationApi
{
    public const string RegisteredPhase = "Registered";
    private const int MaxFieldLength = 128;

    public static IServiceCollection AddClusterRegistrationApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RegistrationOptions>().Bind(configuration.GetSection(RegistrationOptions.SectionName))
            .Validate(o => Uri.TryCreate(o.ControlPlaneUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https",
                "Paralus:Registration:ControlPlaneUrl must be an absolute http(s) URL.")
            .Validate(o => o.RelayAgentUrlList.Count > 0 && o.RelayAgentUrlList.All(u => Uri.TryCreate(u, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps),
                "Paralus:Registration:RelayAgentUrls must list at least one absolute https URL (comma-separated).")
            .Validate(o => o.TokenLifetime >= TimeSpan.FromMinutes(1) && o.TokenLifetime <= TimeSpan.FromDays(7),
                "Paralus:Registration:TokenLifetime must be between 1 minute and 7 days.")
            .Validate(o => o.AgentCertificateValidity >= TimeSpan.FromHours(1) && o.AgentCertificateValidity <= TimeSpan.FromDays(397),
                "Paralus:Registration:AgentCertificateValidity must be between 1 hour and 397 days.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.AgentImage), "Paralus:Registration:AgentImage is required.")
            .ValidateOnStart();
        return services;
    }

    public static IEndpointRouteBuilder MapClusterRegistrationApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/v1/clusters/{name}/bootstrap").WithFunction("clusterbootstrap").WithTags("Cluster registration").ProducesCallerProblems()
            .MapPost("/", Bootstrap).WithName("BootstrapCluster").WithSummary("A new single-use registration token and the agent's install manifest for a cluster.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        // The agent has no user identity: the registration token, or its current certificate, is the credential.
        var agents = routes.MapGroup("/api/v1/clusters").WithFunction("clusterregistration").WithTags("Cluster registration").AllowAnonymous()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        agents.MapPost("/register", Register).WithName("RegisterCluster").WithSummary("An agent trades its registration token and CSR for a certificate.").ProducesProblem(StatusCodes.Status409Conflict);
        agents.MapPost("/renew", Renew).WithName("RenewAgentCertificate").WithSummary("An agent renews its certificate, proving it holds the key.");
        return routes;
    }

    public static Task<Results<Ok<ClusterBootstrapResponse>, ProblemHttpResult, ValidationProblem>> Bootstrap(HttpContext http, ControlPlane cp, IOptions<RegistrationOptions> options, IOptions<KubeconfigOptions> relay, string name) =>
        cp.ExecuteAsync<Ok<ClusterBootstrapResponse>, Cluster>(http, new Operation(Permissions.ClusterWrite, "cluster.bootstrap", $"cluster/{name}"), Lookups.Cluster(name), async (granted, _) =>
        {
            var settings = options.Value;
            var token = RandomTokens.Secret();
            var expiresAt = cp.Time.GetUtcNow() + settings.TokenLifetime;
            // A new token replaces the previous one, used or not: only the newest manifest can register.
            var (cluster, failed) = await granted.MutateAsync(new IssueRegistrationToken(name, RegistrationTokens.Hash(token), expiresAt));
            if (failed is not null) return failed;

            var manifest = AgentBootstrapManifest.Render(new AgentBootstrapSettings(
                cluster!.Id, cluster.Name, settings.ControlPlaneUrl, settings.RelayAgentUrlList,
                await ReadRelayCaAsync(relay.Value, http.RequestAborted), token, settings.AgentImage));
            http.Response.Headers.CacheControl = "no-store";
            return TypedResults.Ok(new ClusterBootstrapResponse(token, expiresAt, manifest));
        });

    public static async Task<Results<Ok<RegisterClusterResponse>, ProblemHttpResult, ValidationProblem>> Register(
        HttpContext http, RegisterClusterRequest request, DirectoryWriter writer, DirectoryViewCache views, ServedOrganization organization,
        CertificateAuthorities authorities, AuditTrail audit, IOptions<RegistrationOptions> options, IOptions<KubeconfigOptions> relay, TimeProvider time)
    {
        if (CheckRegisterRequest(request) is { } invalid) return invalid;
        var now = time.GetUtcNow();
        var view = await views.GetAsync(organization.Id, http.RequestAborted);
        var match = view.Clusters.Values.FirstOrDefault(c => RegistrationTokens.Matches(request.Token, c.Value.RegistrationTokenHash));
        if (match is null)
        {
            await audit.RecordAsync(http, "agent:unknown", "cluster.register", "cluster/-", null, AuditOutcome.Denied, "unknown registration token");
            return Unauthorized("the registration token is not known (or was replaced by a newer one); get a fresh manifest with 'paralus get clusterbootstrap NAME'.");
        }

        var cluster = match.Value;
        var actor = $"agent:{cluster.Name}";
        var target = $"cluster/{cluster.Name}";
        var project = ResourceMapper.ProjectName(view, cluster.ProjectId);
        (ProblemHttpResult Result, string Message)? refusal = cluster switch
        {
            { RegistrationTokenUsedAt: not null } => Refusal(StatusCodes.Status401Unauthorized, "the registration token was already used; tokens work once. Get a fresh manifest with 'paralus get clusterbootstrap NAME'."),
            { RegistrationTokenExpiresAt: { } expiry } when expiry <= now => Refusal(StatusCodes.Status401Unauthorized, $"the registration token expired at {expiry:O}; get a fresh manifest with 'paralus get clusterbootstrap NAME'."),
            { Fingerprint: { } known } when !string.Equals(known, request.Fingerprint, StringComparison.Ordinal) =>
                Refusal(StatusCodes.Status403Forbidden, $"cluster '{cluster.Name}' is already registered from another Kubernetes cluster (kube-system namespace UID differs)."),
            _ when CompleteRegistration.RegisteredTwin(view, cluster.Id, request.Fingerprint) is { } twin => TwinRefusal(twin.Value),
            _ => null,
        };
        if (refusal is { } refused)
        {
            await audit.RecordAsync(http, actor, "cluster.register", target, project, AuditOutcome.Denied, refused.Message);
            return refused.Result;
        }

        if (!authorities.Agent.TrySignRequest(request.Csr, cluster.Id, options.Value.AgentCertificateValidity, out var certificate, out var csrError))
        {
            await audit.RecordAsync(http, actor, "cluster.register", target, project, AuditOutcome.Failure, csrError);
            return Problems.Invalid("csr", csrError);
        }

        using (certificate)
        {
            var result = await writer.MutateAsync(organization.Id, new CompleteRegistration(cluster.Id, cluster.RegistrationTokenHash, request.Fingerprint,
                request.AgentVersion, request.KubernetesVersion, RegisteredPhase, now).Plan, http.RequestAborted);
            var twinRefusal = result.Value is { } twin ? TwinRefusal(twin) : ((ProblemHttpResult Result, string Message)?)null;
            var refusedWith = twinRefusal?.Message ?? result.Error?.Message;
            await audit.RecordAsync(http, actor, "cluster.register", target, project, refusedWith is null ? AuditOutcome.Success : AuditOutcome.Denied,
                refusedWith ?? $"certificate serial {certificate.SerialNumber} valid until {certificate.NotAfter.ToUniversalTime():O}, fingerprint {request.Fingerprint}");
            if (twinRefusal is { } refusedTwin) return refusedTwin.Result;
            if (result.Error is { } error) return error.Kind == DirectoryErrorKind.Conflict ? Unauthorized(error.Message) : Problems.From(error);

            http.Response.Headers.CacheControl = "no-store";
            return TypedResults.Ok(new RegisterClusterResponse(cluster.Id, certificate.ExportCertificatePem(),
                await ReadRelayCaAsync(relay.Value, http.RequestAborted), options.Value.RelayAgentUrlList));
        }
    }

    /// <summary>
    /// Allowed for a current certificate of the agent authority whose CN is a known cluster, when the CSR carries that
    /// certificate's key: the CSR's signature proves possession, so Functions needs no mTLS.
    /// </summary>
    public static async Task<Results<Ok<RenewAgentCertificateResponse>, ProblemHttpResult, ValidationProblem>> Renew(
        HttpContext http, RenewAgentCertificateRequest request, DirectoryViewCache views, ServedOrganization organization,
        CertificateAuthorities authorities, AuditTrail audit, IOptions<RegistrationOptions> options, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(request.Certificate)) return Problems.Invalid("certificate", "certificate (the agent's current certificate, PEM) is required.");
        if (string.IsNullOrWhiteSpace(request.Csr)) return Problems.Invalid("csr", "csr (PEM) is required.");
        X509Certificate2 current;
        try
        {
            current = X509Certificate2.CreateFromPem(request.Certificate);
        }
        catch (CryptographicException e)
        {
            return Problems.Invalid("certificate", $"certificate is not a PEM-encoded X.509 certificate: {e.Message}");
        }

        using (current)
        {
            var clusterId = current.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
            var view = await views.GetAsync(organization.Id, http.RequestAborted);
            var cluster = view.Clusters.GetValueOrDefault(clusterId)?.Value;
            var actor = $"agent:{cluster?.Name ?? clusterId}";
            var target = $"cluster/{cluster?.Name ?? "-"}";
            var project = cluster is null ? null : ResourceMapper.ProjectName(view, cluster.ProjectId);

            (ProblemHttpResult Result, string Message)? refusal = !IsCurrentAgentCertificate(current, authorities.Agent, time.GetUtcNow())
                ? Refusal(StatusCodes.Status401Unauthorized, "the certificate is not a current certificate of the agent authority (expired, not yet valid, or issued elsewhere); register again with a fresh token.")
                : cluster is null
                    ? Refusal(StatusCodes.Status401Unauthorized, $"the certificate names cluster '{clusterId}', which does not exist (any more).")
                    : !SameKey(request.Csr, current)
                        ? Refusal(StatusCodes.Status403Forbidden, "the CSR does not carry the certificate's public key, or its signature does not verify: renewal keeps the key.")
                        : null;
            if (refusal is { } refused)
            {
                await audit.RecordAsync(http, actor, "cluster.renew", target, project, AuditOutcome.Denied, refused.Message);
                return refused.Result;
            }

            if (!authorities.Agent.TrySignRequest(request.Csr, clusterId, options.Value.AgentCertificateValidity, out var renewed, out var csrError))
            {
                await audit.RecordAsync(http, actor, "cluster.renew", target, project, AuditOutcome.Failure, csrError);
                return Problems.Invalid("csr", csrError);
            }

            using (renewed)
            {
                await audit.RecordAsync(http, actor, "cluster.renew", target, project, AuditOutcome.Success,
                    $"certificate serial {renewed.SerialNumber} valid until {renewed.NotAfter.ToUniversalTime():O}");
                return TypedResults.Ok(new RenewAgentCertificateResponse(clusterId, renewed.ExportCertificatePem()));
            }
        }
    }

    private static ValidationProblem? CheckRegisterRequest(RegisterClusterRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Token) || request.Token.Length > MaxFieldLength) return Problems.Invalid("token", "token (the registration token from the manifest) is required.");
        if (string.IsNullOrWhiteSpace(request.Csr)) return Problems.Invalid("csr", "csr (PEM) is required.");
        if (string.IsNullOrWhiteSpace(request.Fingerprint) || request.Fingerprint.Length > MaxFieldLength) return Problems.Invalid("fingerprint", "fingerprint (UID of the kube-system namespace) is required.");
        if (request.AgentVersion?.Length > MaxFieldLength) return Problems.Invalid("agentVersion", $"agentVersion is longer than {MaxFieldLength} characters.");
        if (request.KubernetesVersion?.Length > MaxFieldLength) return Problems.Invalid("kubernetesVersion", $"kubernetesVersion is longer than {MaxFieldLength} characters.");
        return null;
    }

    private static bool IsCurrentAgentCertificate(X509Certificate2 certificate, CertificateAuthority authority, DateTimeOffset now)
    {
        if (now < certificate.NotBefore.ToUniversalTime() || now >= certificate.NotAfter.ToUniversalTime()) return false;
        return PrivateTrust.ChainsTo(certificate, [authority.Certificate], now);
    }

    private static bool SameKey(string csrPem, X509Certificate2 certificate)
    {
        try
        {
            var request = CertificateRequest.LoadSigningRequestPem(csrPem, HashAlgorithmName.SHA256);
            return request.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(certificate.PublicKey.ExportSubjectPublicKeyInfo());
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return false;
        }
    }

    private static async Task<string> ReadRelayCaAsync(KubeconfigOptions relay, CancellationToken cancellationToken) =>
        relay.RelayCaFile is { Length: > 0 } file ? await File.ReadAllTextAsync(file, cancellationToken) : string.Empty;

    private static ProblemHttpResult Unauthorized(string message) => Refusal(StatusCodes.Status401Unauthorized, message).Result;

    /// <summary>
    /// The agent is told only that its Kubernetes cluster is imported already: the other cluster may be in a project
    /// whoever runs this agent cannot see. The audit, read by administrators, names it.
    /// </summary>
    private static (ProblemHttpResult Result, string Message) TwinRefusal(Cluster twin) =>
        (Refusal(StatusCodes.Status409Conflict, "this Kubernetes cluster (kube-system namespace UID) is already registered as another cluster; " +
            "a Kubernetes cluster can be imported once. Use that cluster, or have an administrator delete it first.").Result,
         $"this Kubernetes cluster (kube-system namespace UID) is already registered as cluster '{twin.Name}'; a Kubernetes cluster can be imported once.");

    /// <summary>A refusal's answer (titled after its status: Unauthorized, Forbidden, Conflict) and its message, which the audit records as well.</summary>
    private static (ProblemHttpResult Result, string Message) Refusal(int status, string message) => (TypedResults.Problem(message, statusCode: status), message);
}
