using Paralus.Core.Kubernetes;
using Paralus.Core.Tunnels;
using Paralus.Relay.Access;
using Paralus.Relay.Tunnels;
using Microsoft.AspNetCore.Http.Features;
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

    public static IEndpointConventionBuilder MapClusterProxy(this IEndpointRouteBuilder routes) =>
        routes.Map("/clusters/{cluster}/{**path}", ProxyAsync);

    private static async Task ProxyAsync(HttpContext http, string cluster, string? path, RelayDirectory directory, RelayAuthenticator authenticator,
        TunnelRegistry registry, IHttpForwarder forwarder, ClusterInvoker invoker, OpenRequests open, ILogger<ClusterInvoker> logger)
    {
        if (directory.Current is not { } snapshot)
        {
            await KubernetesStatus.WriteAsync(http, 503, "ServiceUnavailable", "the relay is starting; retry in a moment");
            return;
        }

        var (user, failure) = await authenticator.AuthenticateAsync(http, snapshot);
        if (user is null)
        {
            await KubernetesStatus.UnauthorizedAsync(http, failure!);
            return;
        }

        // A cluster the user has no access to answers exactly like one that does not exist.
        var (target, granted) = snapshot.AccessTo(user.UserId, cluster);
        if (target is null || granted is null)
        {
            await KubernetesStatus.ClusterNotFoundAsync(http, cluster);
            return;
        }

        var forwardedPath = "/" + (path ?? string.Empty);
        var request = KubernetesRequestParser.Parse(http.Request.Method, forwardedPath, http.Request.QueryString.Value);
        var decision = KubernetesRequestAuthorizer.Authorize(granted.Access, request);
        if (!decision.IsAllowed)
        {
            LogDenied(logger, user.UserName, cluster, request.ToString(), decision.DenialReason!);
            await KubernetesStatus.ForbiddenAsync(http, decision.ForbiddenMessageWithReason(user.UserName));
            return;
        }

        if (!registry.IsConnected(target.Id))
        {
            await KubernetesStatus.UnavailableAsync(http, cluster);
            return;
        }

        http.Items[ClusterRequestTransformer.ForwardedPathKey] = forwardedPath;
        http.Items[ClusterRequestTransformer.InternalHeadersKey] = new Dictionary<string, string>
        {
            [ForwardingHeaders.User] = user.UserName,
            [JitAccessHeader.Name] = granted.Header,
        };
        // Tracked while it runs: if the user loses access meanwhile, the relay ends it (AccessChangeEnforcer).
        using var tracked = open.Track(new OpenRequest(user, cluster, request, http));
        var config = !IsUpgrade(http) && registry.ServesHttp2(target.Id) ? Http2Config : Http1Config;
        var error = await forwarder.SendAsync(http, TunnelConnector.DestinationOf(target.Id), invoker.Invoker, config, ClusterRequestTransformer.Instance);
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
    private static partial void LogDenied(ILogger logger, string user, string cluster, string request, string reason);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning, Message = "Forwarding to cluster {Cluster} failed ({Error}): {Reason}")]
    private static partial void LogForwardFailed(ILogger logger, string cluster, ForwarderError error, string reason);
}
