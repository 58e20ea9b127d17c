using Paralus.Domain.Kubernetes;

namespace Paralus.Relay.Proxy;

/// <summary>Errors kubectl understands: a <c>Status</c> object shaped like the apiserver's, which kubectl prints cleanly.</summary>
internal static class KubernetesStatus
{
    public static Task WriteAsync(HttpContext http, int code, string reason, string message)
    {
        http.Response.StatusCode = code;
        http.Response.ContentType = KubernetesStatusBody.ContentType;
        return http.Response.WriteAsync(KubernetesStatusBody.Failure(code, reason, message));
    }

    public static Task UnauthorizedAsync(HttpContext http, string message) => WriteAsync(http, 401, "Unauthorized", "Unauthorized: " + message);

    public static Task ForbiddenAsync(HttpContext http, string message) => WriteAsync(http, 403, "Forbidden", message);

    /// <summary>The same words whether the cluster does not exist or the caller may not see it.</summary>
    public static Task ClusterNotFoundAsync(HttpContext http, string cluster) =>
        WriteAsync(http, 404, "NotFound", $"cluster \"{cluster}\" not found");

    public static Task UnavailableAsync(HttpContext http, string cluster) =>
        WriteAsync(http, 503, "ServiceUnavailable", $"cluster \"{cluster}\" is not connected to this relay right now; retry in a moment");
}
