namespace Paralus.Sandbox.Api;

/// <summary>
/// The apiserver's reading of a request path: resource or not, group, version, namespace,
/// resource, name, subresource and the RBAC verb (the rules of k8s.io/apiserver RequestInfo).
/// </summary>
internal sealed record RequestInfo(
    bool IsResourceRequest,
    string Path,
    string Verb,
    string ApiGroup = "",
    string ApiVersion = "",
    string Namespace = "",
    string Resource = "",
    string Name = "",
    string Subresource = "")
{
    private static readonly HashSet<string> NamespaceSubresources = ["status", "finalize"];

    public static RequestInfo Parse(string method, string path, IQueryCollection query)
    {
        var nonResourceVerb = method.ToLowerInvariant() switch
        {
            "get" or "head" => "get",
            "post" => "post",
            "put" => "put",
            "patch" => "patch",
            "delete" => "delete",
            var other => other,
        };
        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group, version;
        int rest;
        if (parts.Length >= 3 && parts[0] == "api") (group, version, rest) = ("", parts[1], 2);
        else if (parts.Length >= 4 && parts[0] == "apis") (group, version, rest) = (parts[1], parts[2], 3);
        else return new RequestInfo(false, path, nonResourceVerb);

        var segments = parts[rest..];
        var ns = "";
        if (segments[0] == "namespaces" && segments.Length > 1)
        {
            ns = segments[1];
            if (segments.Length > 2 && !NamespaceSubresources.Contains(segments[2])) segments = segments[2..];
        }
        var resource = segments[0];
        var name = segments.Length > 1 ? segments[1] : "";
        var subresource = segments.Length > 2 ? segments[2] : "";

        var isWatch = QueryFlag.IsWatch(query["watch"]);
        var verb = method.ToUpperInvariant() switch
        {
            "GET" or "HEAD" when name.Length == 0 => isWatch ? "watch" : "list",
            "GET" or "HEAD" => isWatch ? "watch" : "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" when name.Length == 0 => "deletecollection",
            "DELETE" => "delete",
            var other => other.ToLowerInvariant(),
        };
        // Connecting to a pod with a WebSocket GET still needs "create", as in Kubernetes 1.32.
        if (verb == "get" && resource == "pods" && subresource is "exec" or "attach" or "portforward") verb = "create";
        return new RequestInfo(true, path, verb, group, version, ns, resource, name, subresource);
    }
}
