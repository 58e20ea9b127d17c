using Paralus.Core.Tunnels;
using Yarp.ReverseProxy.Forwarder;

namespace Paralus.Agent.Forwarding;

/// <summary>
/// The agent's loopback HTTP server, reached only through tunnels: forwards each request to the apiserver with
/// the credential the agent chooses, after removing anything a client could have smuggled in.
/// </summary>
internal static partial class ApiServerForwarderEndpoint
{
    private static readonly ForwarderRequestConfig RequestConfig = new() { ActivityTimeout = TimeSpan.FromMinutes(30) };

    public static IEndpointConventionBuilder MapApiServerForwarder(this IEndpointRouteBuilder routes) => routes.Map("/{**path}", ForwardAsync);

    private static async Task ForwardAsync(HttpContext http, ApiServerTarget target, IHttpForwarder forwarder, ILogger<ApiServerTarget> logger)
    {
        var error = await forwarder.SendAsync(http, target.Server.ToString(), target.Invoker, RequestConfig, new CredentialTransformer(target.Token));
        if (error != ForwarderError.None)
        {
            LogForwardFailed(logger, error, http.Features.Get<IForwarderErrorFeature>()?.Exception?.Message ?? string.Empty);
        }
    }

    private sealed class CredentialTransformer(string? token) : HttpTransformer
    {
        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
            proxyRequest.Headers.Host = null;
            foreach (var name in proxyRequest.Headers.Select(h => h.Key).Where(ForwardingHeaders.MustStrip).ToArray()) proxyRequest.Headers.Remove(name);
            if (token is not null) proxyRequest.Headers.Authorization = new("Bearer", token);
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Forwarding to the apiserver failed ({Error}): {Reason}")]
    private static partial void LogForwardFailed(ILogger logger, ForwarderError error, string reason);
}
