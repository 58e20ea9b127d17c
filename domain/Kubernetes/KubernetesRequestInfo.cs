namespace Paralus.Domain.Kubernetes;

/// <summary>
/// What a kubectl request asks for, by the kube-apiserver's RequestInfo rules: a resource request
/// (<c>/api/v1/…</c>, <c>/apis/group/version/…</c> with a resource) or a non-resource one (discovery,
/// <c>/version</c>, <c>/healthz</c>, anything else). Empty strings mean "not present", as in the apiserver.
/// </summary>
public sealed class KubernetesRequestInfo
{
    /// <summary>The path as parsed; non-resource requests are authorized by it.</summary>
    public required string Path { get; init; }

    public required bool IsResourceRequest { get; init; }

    /// <summary>
    /// A verb from <see cref="KubernetesVerbs"/> for resource requests ("" for an HTTP method the apiserver
    /// has no verb for); the lower-case HTTP method for non-resource requests.
    /// </summary>
    public required string Verb { get; init; }

    /// <summary>"api" or "apis"; "" for non-resource requests.</summary>
    public string ApiPrefix { get; init; } = "";

    /// <summary>"" for the core group (<c>/api</c>).</summary>
    public string ApiGroup { get; init; } = "";

    public string ApiVersion { get; init; } = "";

    /// <summary>"" when cluster-scoped or across all namespaces. For <c>/api/v1/namespaces/x</c> it is "x".</summary>
    public string Namespace { get; init; } = "";

    public string Resource { get; init; } = "";

    public string Subresource { get; init; } = "";

    /// <summary>From the path, or from a <c>metadata.name=</c> field selector on a list or watch.</summary>
    public string Name { get; init; } = "";

    /// <summary>The path segments from the resource on: resource, name, subresource and anything after.</summary>
    public IReadOnlyList<string> Parts { get; init; } = [];

    /// <summary>"pods/exec" or "pods": the resource as RBAC and the Forbidden message name it.</summary>
    public string ResourceWithSubresource => Subresource.Length == 0 ? Resource : $"{Resource}/{Subresource}";

    public override string ToString() => IsResourceRequest
        ? $"{Verb} {(ApiGroup.Length == 0 ? "" : ApiGroup + "/")}{ResourceWithSubresource}{(Name.Length == 0 ? "" : " " + Name)}{(Namespace.Length == 0 ? "" : " in " + Namespace)}"
        : $"{Verb} {Path}";
}
