using Paralus.Domain.Kubernetes;

namespace Paralus.Domain.Tests.Kubernetes;

public sealed class KubernetesRequestParserTests
{
    /// <summary>
    /// method, path with query, and what the apiserver makes of it: "verb|prefix|group|version|namespace|resource|subresource|name"
    /// for resource requests, "non-resource verb" otherwise.
    /// </summary>
    public static TheoryData<string, string, string> Cases => new()
    {
        // Namespaced collections and objects.
        { "GET", "/api/v1/namespaces/default/pods", "list|api||v1|default|pods||" },
        { "GET", "/api/v1/namespaces/default/pods/web-1", "get|api||v1|default|pods||web-1" },
        { "HEAD", "/api/v1/namespaces/default/pods/web-1", "get|api||v1|default|pods||web-1" },
        { "POST", "/api/v1/namespaces/default/pods", "create|api||v1|default|pods||" },
        { "PUT", "/api/v1/namespaces/default/pods/web-1", "update|api||v1|default|pods||web-1" },
        { "PATCH", "/api/v1/namespaces/default/pods/web-1", "patch|api||v1|default|pods||web-1" },
        { "DELETE", "/api/v1/namespaces/default/pods/web-1", "delete|api||v1|default|pods||web-1" },
        { "DELETE", "/api/v1/namespaces/default/pods", "deletecollection|api||v1|default|pods||" },
        { "patch", "/api/v1/namespaces/default/pods/web-1", "|api||v1|default|pods||web-1" },
        // Subresources.
        { "POST", "/api/v1/namespaces/default/pods/web-1/exec?command=sh&stdin=true", "create|api||v1|default|pods|exec|web-1" },
        { "GET", "/api/v1/namespaces/default/pods/web-1/exec?command=sh", "get|api||v1|default|pods|exec|web-1" },
        { "POST", "/api/v1/namespaces/default/pods/web-1/attach", "create|api||v1|default|pods|attach|web-1" },
        { "GET", "/api/v1/namespaces/default/pods/web-1/portforward", "get|api||v1|default|pods|portforward|web-1" },
        { "GET", "/api/v1/namespaces/default/pods/web-1/log?follow=true", "get|api||v1|default|pods|log|web-1" },
        { "PUT", "/api/v1/namespaces/default/pods/web-1/status", "update|api||v1|default|pods|status|web-1" },
        { "PUT", "/apis/apps/v1/namespaces/x/deployments/web/scale", "update|apis|apps|v1|x|deployments|scale|web" },
        { "GET", "/apis/apps/v1/namespaces/x/deployments/web/scale", "get|apis|apps|v1|x|deployments|scale|web" },
        { "POST", "/api/v1/namespaces/x/serviceaccounts/builder/token", "create|api||v1|x|serviceaccounts|token|builder" },
        { "GET", "/api/v1/namespaces/x/services/web:80/proxy/metrics/cpu", "get|api||v1|x|services|proxy|web:80" },
        { "GET", "/api/v1/nodes/n1/proxy", "get|api||v1||nodes|proxy|n1" },
        { "GET", "/api/v1/nodes/n1/proxy/stats/summary", "get|api||v1||nodes|proxy|n1" },
        // Cluster-scoped resources and namespaces themselves.
        { "GET", "/api/v1/namespaces", "list|api||v1||namespaces||" },
        { "GET", "/api/v1/namespaces/apple", "get|api||v1|apple|namespaces||apple" },
        { "DELETE", "/api/v1/namespaces/apple", "delete|api||v1|apple|namespaces||apple" },
        { "PUT", "/api/v1/namespaces/apple/status", "update|api||v1|apple|namespaces|status|apple" },
        { "PUT", "/api/v1/namespaces/apple/finalize", "update|api||v1|apple|namespaces|finalize|apple" },
        { "POST", "/api/v1/namespaces", "create|api||v1||namespaces||" },
        { "GET", "/api/v1/nodes", "list|api||v1||nodes||" },
        { "GET", "/api/v1/nodes/n1", "get|api||v1||nodes||n1" },
        { "GET", "/api/v1/pods", "list|api||v1||pods||" },
        { "GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles", "list|apis|rbac.authorization.k8s.io|v1||clusterroles||" },
        { "DELETE", "/apis/rbac.authorization.k8s.io/v1/clusterroles/admin", "delete|apis|rbac.authorization.k8s.io|v1||clusterroles||admin" },
        { "GET", "/api/v1/persistentvolumes/pv-1", "get|api||v1||persistentvolumes||pv-1" },
        // Watches: the query parameter, the legacy path prefix, and a single object through the field selector.
        { "GET", "/api/v1/namespaces/x/pods?watch=true", "watch|api||v1|x|pods||" },
        { "GET", "/api/v1/namespaces/x/pods?watch=1&resourceVersion=10", "watch|api||v1|x|pods||" },
        { "GET", "/api/v1/namespaces/x/pods?watch=TRUE", "watch|api||v1|x|pods||" },
        { "GET", "/api/v1/namespaces/x/pods?watch", "watch|api||v1|x|pods||" },
        { "GET", "/api/v1/namespaces/x/pods?watch=false", "list|api||v1|x|pods||" },
        { "GET", "/api/v1/namespaces/x/pods?watch=0", "list|api||v1|x|pods||" },
        { "GET", "/api/v1/namespaces/x/pods?watch=0&watch=1", "list|api||v1|x|pods||" },
        { "GET", "/api/v1/namespaces/x/pods?watch=1;x=2", "list|api||v1|x|pods||" },
        { "GET", "/api/v1/namespaces/x/pods/p?watch=true", "get|api||v1|x|pods||p" },
        { "GET", "/api/v1/watch/namespaces/x/pods", "watch|api||v1|x|pods||" },
        { "GET", "/api/v1/watch/namespaces/x/pods/p", "watch|api||v1|x|pods||p" },
        { "GET", "/api/v1/watch/pods", "watch|api||v1||pods||" },
        { "GET", "/apis/apps/v1/watch/namespaces/x/deployments", "watch|apis|apps|v1|x|deployments||" },
        { "GET", "/api/v1/namespaces/x/pods?fieldSelector=metadata.name%3Dweb-1&watch=true", "watch|api||v1|x|pods||web-1" },
        { "GET", "/api/v1/namespaces/x/pods?fieldSelector=metadata.name%3D%3Dweb-1", "list|api||v1|x|pods||web-1" },
        { "GET", "/api/v1/namespaces/x/pods?fieldSelector=status.phase%3DRunning,metadata.name%3Dweb-1", "list|api||v1|x|pods||web-1" },
        { "GET", "/api/v1/namespaces/x/pods?fieldSelector=metadata.name!%3Dweb-1", "list|api||v1|x|pods||" },
        { "GET", "/api/v1/namespaces/x/pods?fieldSelector=metadata.name%3Da%2Fb", "list|api||v1|x|pods||" },
        { "GET", "/api/v1/namespaces/x/pods?fieldSelector=metadata.name%3Da%5Cq", "list|api||v1|x|pods||" },
        { "GET", "/api/v1/namespaces/x/pods?fieldSelector=garbage", "list|api||v1|x|pods||" },
        // The legacy proxy verb keeps everything after the name as the proxied path.
        { "GET", "/api/v1/proxy/namespaces/x/pods/p/metrics", "proxy|api||v1|x|pods||p" },
        { "GET", "/api/v1/proxy/nodes/n1/stats", "proxy|api||v1||nodes||n1" },
        // HTTP methods the apiserver has no verb for.
        { "OPTIONS", "/api/v1/namespaces/x/pods", "|api||v1|x|pods||" },
        { "CONNECT", "/api/v1/namespaces/x/pods/p", "|api||v1|x|pods||p" },
        // Custom resources.
        { "GET", "/apis/cert-manager.io/v1/namespaces/x/certificates/web", "get|apis|cert-manager.io|v1|x|certificates||web" },
        // Discovery and other non-resource paths.
        { "GET", "/", "non-resource get /" },
        { "GET", "", "non-resource get " },
        { "GET", "/api", "non-resource get /api" },
        { "GET", "/api/v1", "non-resource get /api/v1" },
        { "GET", "/apis", "non-resource get /apis" },
        { "GET", "/apis/apps", "non-resource get /apis/apps" },
        { "GET", "/apis/apps/v1", "non-resource get /apis/apps/v1" },
        { "GET", "/apis/apps/v1/", "non-resource get /apis/apps/v1/" },
        { "GET", "/version", "non-resource get /version" },
        { "GET", "/openapi/v2", "non-resource get /openapi/v2" },
        { "GET", "/openapi/v3/apis/apps/v1", "non-resource get /openapi/v3/apis/apps/v1" },
        { "GET", "/healthz/ping", "non-resource get /healthz/ping" },
        { "POST", "/logs/x", "non-resource post /logs/x" },
        { "PROPFIND", "/metrics", "non-resource propfind /metrics" },
        // Odd paths: parsed as the apiserver parses them, never an exception.
        { "GET", "/api/v1/watch", "watch|api||v1||||" },
        { "GET", "/apis/apps/v1/proxy", "proxy|apis|apps|v1||||" },
        { "GET", "/api/v1/namespaces//pods", "list|api||v1||pods||" },
        { "GET", "//api//v1", "list|api||||v1||" },
        { "GET", "/api/v1/namespaces/x/pods/p/exec/more/parts", "get|api||v1|x|pods|exec|p" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_RawQuery_AsTheApiserver(string method, string target, string expected)
    {
        var query = target.IndexOf('?');
        var request = query < 0
            ? KubernetesRequestParser.Parse(method, target, rawQuery: null)
            : KubernetesRequestParser.Parse(method, target[..query], target[query..]);

        Assert.Equal(expected, Describe(request));
    }

    [Fact]
    public void Parse_QueryDictionary_ReadsWatchAndFieldSelector()
    {
        var query = new Dictionary<string, string?> { ["watch"] = "true", ["fieldSelector"] = "metadata.name=web-1" };

        var request = KubernetesRequestParser.Parse("GET", "/api/v1/namespaces/x/pods", query);

        Assert.Equal("watch|api||v1|x|pods||web-1", Describe(request));
    }

    [Fact]
    public void Parse_QueryDictionary_WatchWithoutValueIsAWatch()
    {
        var request = KubernetesRequestParser.Parse("GET", "/api/v1/pods", new Dictionary<string, string?> { ["watch"] = null });

        Assert.Equal(KubernetesVerbs.Watch, request.Verb);
    }

    [Fact]
    public void Parse_ServiceProxy_KeepsTheProxiedPathInParts()
    {
        var request = KubernetesRequestParser.Parse("GET", "/api/v1/namespaces/x/services/web:80/proxy/metrics/cpu", rawQuery: "");

        Assert.Equal(["services", "web:80", "proxy", "metrics", "cpu"], request.Parts);
        Assert.Equal("services/proxy", request.ResourceWithSubresource);
        Assert.Equal("/api/v1/namespaces/x/services/web:80/proxy/metrics/cpu", request.Path);
    }

    [Fact]
    public void Parse_NamespaceObject_PartsStartAtNamespaces()
    {
        var request = KubernetesRequestParser.Parse("GET", "/api/v1/namespaces/apple", rawQuery: null);

        Assert.True(request.IsResourceRequest);
        Assert.Equal(["namespaces", "apple"], request.Parts);
    }

    [Theory]
    [InlineData("/api/v1/namespaces/%zz/pods", "?watch=%zz&fieldSelector=%")]
    [InlineData("/apis/////", "?&&&=&==")]
    [InlineData("/api/v1/namespaces/x/pods", "?fieldSelector=\\")]
    [InlineData("/api/v1/namespaces/x/pods", "?fieldSelector=metadata.name%3D%5C")]
    [InlineData("/\u0000/\uD800", "?\uDC00=\uD800")]
    public void Parse_MalformedInput_NeverThrows(string path, string query)
    {
        foreach (var method in (string[])["GET", "DELETE", "", "get"])
            Assert.NotNull(KubernetesRequestParser.Parse(method, path, query));
    }

    private static string Describe(KubernetesRequestInfo request) => request.IsResourceRequest
        ? string.Join('|', request.Verb, request.ApiPrefix, request.ApiGroup, request.ApiVersion, request.Namespace, request.Resource, request.Subresource, request.Name)
        : $"non-resource {request.Verb} {request.Path}";
}
