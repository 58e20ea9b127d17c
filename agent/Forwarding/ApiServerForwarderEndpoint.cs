using Paralus.Agent.Jit;
using Paralus.Core.Kubernetes;
using Paralus.Core.Tunnels;
using Yarp.ReverseProxy.Forwarder;

namespace Paralus.Agent.Forwarding;

/// <summary>
/// The agent's HTTP server, reached only through tunnels: each request carries the user and their access as
/// the relay decided them; it goes to the apiserver as that user's just-in-time service account, so the cluster's
/// own RBAC has the last word. Anything a client could have smuggled in is removed first.
/// </summary>
internal static partial class ApiServerForwarderEndpoint
{
    private static readonly ForwarderRequestConfig RequestConfig = new() { ActivityTimeout = TimeSpan.FromMinutes(30) };

    public static IEndpointConventionBuilder MapApiServerForwarder(this IEndpointRouteBuilder routes) => routes.Map("/{**path}", ForwardAsync);

    private static async Task ForwardAsync(HttpContext http, ApiServerTarget target, JitAccessSpecs specs, JitServiceAccounts accounts, IHttpForwarder forwarder, ILogger<ApiServerTarget> logger)
    {
        var user = http.Request.Headers[ForwardingHeaders.User].ToString();
        if (user.Length == 0 || specs.For(user, http.Request.Headers[JitAccessHeader.Name].ToString()) is not { } spec)
        {
            // Deny by default: only a relay says who a request is for.
            await WriteForbiddenAsync(http, "the request did not come through a Paralus relay");
            return;
        }

        var token = await accounts.GetTokenAsync(spec, http.RequestAborted);
        var error = await forwarder.SendAsync(http, target.Server.ToString(), target.Invoker, RequestConfig, new CredentialTransformer(token));
        if (error != ForwarderError.None)
        {
            LogForwardFailed(logger, error, http.Features.Get<IForwarderErrorFeature>()?.Exception?.Message ?? string.Empty);
        }
    }

    private static Task WriteForbiddenAsync(HttpContext http, string message)
    {
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        http.Response.ContentType = KubernetesStatusBody.ContentType;
        return http.Response.WriteAsync(KubernetesStatusBody.Failure(StatusCodes.Status403Forbidden, "Forbidden", message));
    }

    private sealed class CredentialTransformer(string token) : HttpTransformer
    {
        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
            proxyRequest.Headers.Host = null;
            ForwardingHeaders.Strip(proxyRequest.Headers);
            proxyRequest.Headers.Authorization = new("Bearer", token);
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Forwarding to the apiserver failed ({Error}): {Reason}")]
    private static partial void LogForwardFailed(ILogger logger, ForwarderError error, string reason);
}
