namespace Paralus.Relay.Proxy;

/// <summary>
/// Paths kubectl up to 1.28 still asks for and no apiserver it supports serves any more (the legacy OpenAPI
/// document, gone since Kubernetes 1.14). The relay answers them as such an apiserver does, 404, for every user:
/// forwarded, they would be refused for want of a nonResourceURLs permission that namespace users cannot hold.
/// </summary>
internal static class RetiredApiPaths
{
    private static readonly HashSet<string> Paths = new(StringComparer.Ordinal) { "/swagger-2.0.0.pb-v1", "/swagger.json" };

    public static bool Contains(string path) => Paths.Contains(path);

    /// <summary>The apiserver's words for a path it does not serve.</summary>
    public static Task AnswerAsync(HttpContext http) => KubernetesStatus.WriteAsync(http, 404, "NotFound", "the server could not find the requested resource");
}
