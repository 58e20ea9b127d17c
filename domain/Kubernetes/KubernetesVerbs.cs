namespace Paralus.Domain.Kubernetes;

/// <summary>The verbs <see cref="KubernetesRequestParser"/> produces for resource requests, spelled as the apiserver spells them.</summary>
public static class KubernetesVerbs
{
    public const string Get = "get";
    public const string List = "list";
    public const string Watch = "watch";
    public const string Create = "create";
    public const string Update = "update";
    public const string Patch = "patch";
    public const string Delete = "delete";
    public const string DeleteCollection = "deletecollection";

    /// <summary>Only from the legacy <c>/api/v1/proxy/…</c> path prefix.</summary>
    public const string Proxy = "proxy";

    /// <summary>Never parsed from a path; named so the authorizer can refuse it outright.</summary>
    public const string Impersonate = "impersonate";

    public static bool IsReadOnly(string verb) => verb is Get or List or Watch;
}
