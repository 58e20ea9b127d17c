using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Options;
using Paralus.Domain.Clusters;
using Paralus.Domain.Kubernetes;
using Paralus.Relay.Access;
using Paralus.Relay.Audit;
using Paralus.Relay.Configuration;
using Paralus.Relay.Tunnels;
using Paralus.TunnelProtocol;
using Yarp.ReverseProxy.Forwarder;

namespace Paralus.Relay.Proxy;

/// <summary>
/// <c>/clusters/{cluster}/…</c>: authenticate, decide from the in-memory policy, strip what the client must not
/// send, and forward through one of the cluster's tunnels. Bodies stream both ways; nothing is buffered.
/// </summary>
internal static partial class ClusterProxyEndpoint
{
    // Watches and log follows may be quiet for a long time; the apiserver, not the relay, ends them.
    private static readonly TimeSpan ActivityTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Upgrades (exec, attach, port-forward over SPDY or WebSocket) need an HTTP/1.1 data connection of their own.</summary>
    private static readonly ForwarderRequestConfig Http1Config = new()
    {
        ActivityTimeout = ActivityTimeout,
        Version = System.Net.HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    /// <summary>Everything else shares the agent's HTTP/2 data connections, when it serves them.</summary>
    private static readonly ForwarderRequestConfig Http2Config = new()
    {
        ActivityTimeout = ActivityTimeout,
        Version = System.Net.HttpVersion.Version20,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    public static IEndpointConventionBuilder MapClusterProxy(this IEndpointRouteBuilder routes)
    {
        // The fallback takes absolute paths (kubectl get --raw /version, kubectl proxy), which lost the prefix and are
        // routed by TLS server name, and every target that routing, matching on the decoded, dot-resolved path, would
        // otherwise drop (/clusters/x/%2e%2e/%2e%2e/y): each is checked on its raw bytes here, once.
        routes.MapFallback(ProxyAsync);
        return routes.Map("/clusters/{cluster}/{**path}", ProxyAsync);
    }

    private static Task RefuseAsync(HttpContext http, string problem, ILogger logger)
    {
        LogAmbiguousPath(logger, problem);
        return KubernetesStatus.WriteAsync(http, 400, "BadRequest", $"{problem}; Paralus forwards only paths that every hop reads the same way");
    }

    private static async Task ProxyAsync(HttpContext http, RelayDirectory directory, RelayAuthenticator authenticator, KubectlAuditRecorder recorder,
        TunnelRegistry registry, IHttpForwarder forwarder, ClusterInvoker invoker, OpenRequests open, IOptions<RelayOptions> options, ILogger<ClusterInvoker> logger)
    {
        var rawTarget = http.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        // Read only when the path names no cluster, as kubeconfigs' own requests always do.
        var serverNameCluster = ClusterRequestTarget.NamesCluster(rawTarget)
            ? null
            : ClusterServerName.ClusterOf(http.Features.Get<ISslStreamFeature>()?.SslStream.TargetHostName, options.Value.ClusterServerNameSuffix);
        // Before anyone decides on it: a path the apiserver could read differently from the relay is never forwarded.
        if (ClusterRequestTarget.Read(rawTarget, serverNameCluster, out var problem) is not { } target)
        {
            if (problem is not null) await RefuseAsync(http, problem, logger);
            else await KubernetesStatus.WriteAsync(http, 404, "NotFound",
                "this request names no cluster: its path does not start with /clusters/<cluster> and its kubeconfig gives no tls-server-name; "
                + "absolute paths (kubectl get --raw /version, kubectl proxy) need a kubeconfig from 'paralus kubeconfig' of this version");
            return;
        }

        var cluster = target.Cluster;
        if (directory.Current is not { } snapshot)
        {
            await KubernetesStatus.WriteAsync(http, 503, "ServiceUnavailable", "the relay is starting; retry in a moment");
            return;
        }

        var (user, failure) = await authenticator.AuthenticateAsync(http, snapshot);
        if (user is null && await authenticator.NamesUnknownUserAsync(http, snapshot) && await directory.CatchUpAsync(http.RequestAborted) is { } newer && newer != snapshot)
        {
            snapshot = newer;
            (user, failure) = await authenticator.AuthenticateAsync(http, snapshot);
        }
        if (user is null)
        {
            await KubernetesStatus.UnauthorizedAsync(http, failure!);
            return;
        }

        var audit = recorder.Begin(user, cluster);
        try
        {
            await ForwardAsync(http, snapshot, user, target, audit, registry, forwarder, invoker, open, logger);
        }
        finally
        {
            recorder.End(audit, http, snapshot.View.Organization.Id, target.ForwardedPathAndQuery, target.RawQuery);
        }
    }

    /// <summary>Decides on an authenticated request and forwards it, writing into <paramref name="audit"/> what was decided and why.</summary>
    private static async Task ForwardAsync(HttpContext http, RelaySnapshot snapshot, RelayUser user, ClusterRequestTarget target, AuditedRequest audit,
        TunnelRegistry registry, IHttpForwarder forwarder, ClusterInvoker invoker, OpenRequests open, ILogger logger)
    {
        var cluster = target.Cluster;
        // A cluster the user has no access to answers exactly like one that does not exist.
        var (destination, granted) = snapshot.AccessTo(user.UserId, cluster);
        if (destination is null || granted is null)
        {
            audit.Deny(destination is null ? "no such cluster" : "no role binding reaches the cluster's project");
            await KubernetesStatus.ClusterNotFoundAsync(http, cluster);
            return;
        }
        audit.Project = snapshot.View.Projects.TryGetValue(destination.ProjectId, out var project) ? project.Value.Name : destination.ProjectId;
        audit.IdentityProvider = snapshot.View.Users.TryGetValue(user.UserId, out var account) ? snapshot.View.IdentityProviderNameOf(account.Value) : null;

        if (RetiredApiPaths.Contains(target.DecodedPath))
        {
            audit.Deny("retired API path, answered by the relay");
            await RetiredApiPaths.AnswerAsync(http);
            return;
        }

        var request = KubernetesRequestParser.Parse(http.Request.Method, target.DecodedPath, target.RawQuery);
        audit.Request = request;
        // Stripped silently, impersonation would let a user believe they acted as someone else. Discovery, which
        // kubectl sends with the same headers and cannot show a refusal of, only has them stripped.
        if (request.IsResourceRequest && http.Request.Headers.Keys.Any(ForwardingHeaders.IsImpersonation))
        {
            audit.Deny("impersonation is not available through Paralus");
            await KubernetesStatus.ForbiddenAsync(http,
                $"impersonation is not available through Paralus: requests run as \"{user.UserName}\"; drop --as, --as-group and --as-uid");
            return;
        }

        var decision = KubernetesRequestAuthorizer.Authorize(granted.Access, request);
        if (!decision.IsAllowed)
        {
            audit.Deny(decision.DenialReason!);
            LogDenied(logger, user.UserName, cluster, request, decision.DenialReason!);
            await KubernetesStatus.ForbiddenAsync(http, decision.ForbiddenMessageWithReason(user.UserName));
            return;
        }
        audit.Allow(decision.Grant?.ToString() ?? "discovery, which any access to the cluster allows", decision.Grant?.ViaGroupName);

        if (!registry.IsConnected(destination.Id))
        {
            await KubernetesStatus.UnavailableAsync(http, cluster);
            return;
        }

        http.Features.Set(new ClusterForwarding(target.ForwardedPathAndQuery, user.UserName, granted.Header, ClusterForwarding.StreamsFor(request), audit.Id));
        // Tracked while it runs: if the user loses access meanwhile, the relay ends it (AccessChangeEnforcer).
        using var tracked = open.Track(new OpenRequest(user, cluster, request, http));
        WebSocketUpgradeFeature.ApplyTo(http, audit);
        var config = !IsUpgrade(http) && registry.ServesHttp2(destination.Id) ? Http2Config : Http1Config;
        var error = await forwarder.SendAsync(http, TunnelConnector.DestinationOf(destination.Id), invoker.Invoker, config, ClusterRequestTransformer.Instance);
        if (error != ForwarderError.None && !http.Response.HasStarted)
        {
            var reason = http.Features.Get<IForwarderErrorFeature>()?.Exception?.Message ?? error.ToString();
            LogForwardFailed(logger, cluster, error, reason);
            await KubernetesStatus.WriteAsync(http, 502, "BadGateway", $"cluster \"{cluster}\" could not be reached through its tunnel: {reason}");
        }
    }

    private static bool IsUpgrade(HttpContext http) =>
        http.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true || http.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true;

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Denied {User} on cluster {Cluster}: {Request}: {Reason}")]
    private static partial void LogDenied(ILogger logger, string user, string cluster, KubernetesRequestInfo request, string reason);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Warning, Message = "Refused an ambiguous request path: {Problem}")]
    private static partial void LogAmbiguousPath(ILogger logger, string problem);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning, Message = "Forwarding to cluster {Cluster} failed ({Error}): {Reason}")]
    private static partial void LogForwardFailed(ILogger logger, string cluster, ForwarderError error, string reason);
}
