using Microsoft.AspNetCore.Http.Features;
using Paralus.Agent.ApiServer;
using Paralus.Domain.Kubernetes;
using Paralus.TunnelProtocol;
using Yarp.ReverseProxy.Forwarder;

namespace Paralus.Agent.Forwarding;

/// <summary>
/// The agent's HTTP server for HTTP/1.1 data connections, the ones that carry upgrades (exec, attach, port-forward):
/// each request goes to the apiserver as the user's just-in-time service account (<see cref="UserCredentials"/>), so
/// the cluster's own RBAC has the last word. Anything a client could have smuggled in is removed first.
/// </summary>
internal static partial class ApiServerForwarderEndpoint
{
    private static readonly ForwarderRequestConfig RequestConfig = new() { ActivityTimeout = TimeSpan.FromMinutes(30) };

    public static IEndpointConventionBuilder MapApiServerForwarder(this IEndpointRouteBuilder routes) => routes.Map("/{**path}", ForwardAsync);

    internal static async Task ForwardAsync(HttpContext http, ApiServerTarget target, UserCredentials credentials, IHttpForwarder forwarder, ILogger<ApiServerTarget> logger)
    {
        var user = http.Request.Headers[ForwardingHeaders.User].ToString();
        var access = http.Request.Headers[JitAccessHeader.Name].ToString();
        var result = await credentials.ForAsync(user, access, http.RequestAborted);
        if (result.Token is not { } token)
        {
            await WriteStatusAsync(http, result);
            return;
        }
        var error = await forwarder.SendAsync(http, target.Server.ToString(), target.Invoker, RequestConfig, new CredentialTransformer(token));
        if (error == ForwarderError.None) return;
        var reason = http.Features.Get<IForwarderErrorFeature>()?.Exception?.Message ?? error.ToString();
        LogForwardFailed(logger, error, reason);
        if (error == ForwarderError.Request && !http.Response.HasStarted)
        {
            // The apiserver was not reached at all: say so, instead of the forwarder's empty 502.
            await WriteStatusAsync(http, CredentialsResult.Refused(StatusCodes.Status503ServiceUnavailable, "ServiceUnavailable", target.UnreachableMessage(reason)));
        }
    }

    private static Task WriteStatusAsync(HttpContext http, CredentialsResult refusal)
    {
        http.Response.StatusCode = refusal.Code;
        http.Response.ContentType = KubernetesStatusBody.ContentType;
        return http.Response.WriteAsync(KubernetesStatusBody.Failure(refusal.Code, refusal.Reason, refusal.Message));
    }

    private sealed class CredentialTransformer(string token) : HttpTransformer
    {
        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
            // As the relay sent it: Kestrel's decoded, dot-resolved Request.Path is not what the relay authorized.
            proxyRequest.RequestUri = ForwardedUri.Create(destinationPrefix, httpContext.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget);
            proxyRequest.Headers.Host = null;
            ForwardingHeaders.Strip(proxyRequest.Headers);
            proxyRequest.Headers.Authorization = new("Bearer", token);
        }
    }

    [LoggerMessage(EventId = 3501, Level = LogLevel.Warning, Message = "Forwarding to the apiserver failed ({Error}): {Reason}")]
    private static partial void LogForwardFailed(ILogger logger, ForwarderError error, string reason);
}
