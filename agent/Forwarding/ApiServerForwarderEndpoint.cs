using System.Text.Json;
using k8s.Autorest;
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

    internal static async Task ForwardAsync(HttpContext http, ApiServerTarget target, JitAccessSpecs specs, JitServiceAccounts accounts, IHttpForwarder forwarder, ILogger<ApiServerTarget> logger)
    {
        var user = http.Request.Headers[ForwardingHeaders.User].ToString();
        if (user.Length == 0 || specs.For(user, http.Request.Headers[JitAccessHeader.Name].ToString()) is not { } spec)
        {
            // Deny by default: only a relay says who a request is for.
            await WriteStatusAsync(http, StatusCodes.Status403Forbidden, "Forbidden", "the request did not come through a Paralus relay");
            return;
        }

        string token;
        try
        {
            token = await accounts.GetTokenAsync(spec, http.RequestAborted);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException)
        {
            // Not the user's doing, and nothing they can fix: say what the cluster told the agent instead of an empty 500.
            var reason = ReasonOf(e);
            LogProvisioningFailed(logger, spec.ServiceAccountName, reason);
            await WriteStatusAsync(http, StatusCodes.Status503ServiceUnavailable, "ServiceUnavailable",
                $"Paralus could not prepare service account {spec.ServiceAccountName} in this cluster: {reason}");
            return;
        }
        var error = await forwarder.SendAsync(http, target.Server.ToString(), target.Invoker, RequestConfig, new CredentialTransformer(token));
        if (error != ForwarderError.None)
        {
            LogForwardFailed(logger, error, http.Features.Get<IForwarderErrorFeature>()?.Exception?.Message ?? string.Empty);
        }
    }

    private static Task WriteStatusAsync(HttpContext http, int code, string reason, string message)
    {
        http.Response.StatusCode = code;
        http.Response.ContentType = KubernetesStatusBody.ContentType;
        return http.Response.WriteAsync(KubernetesStatusBody.Failure(code, reason, message));
    }

    /// <summary>The apiserver's answer to the agent (its Status message when it sent one), or why it could not be reached.</summary>
    private static string ReasonOf(Exception e)
    {
        if (e is not HttpOperationException { Response: { } response }) return $"the apiserver could not be reached: {e.Message}";
        var answer = $"the apiserver answered the agent {(int)response.StatusCode} {response.StatusCode}";
        try
        {
            using var status = JsonDocument.Parse(response.Content ?? string.Empty);
            return status.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String ? $"{answer}: {message.GetString()}" : answer;
        }
        catch (JsonException)
        {
            return answer;
        }
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

    [LoggerMessage(EventId = 3502, Level = LogLevel.Warning, Message = "Could not prepare JIT service account {ServiceAccount}: {Reason}")]
    private static partial void LogProvisioningFailed(ILogger logger, string serviceAccount, string reason);

    [LoggerMessage(EventId = 3501, Level = LogLevel.Warning, Message = "Forwarding to the apiserver failed ({Error}): {Reason}")]
    private static partial void LogForwardFailed(ILogger logger, ForwarderError error, string reason);
}
