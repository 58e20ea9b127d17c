using Paralus.Domain.Kubernetes;

namespace Paralus.Domain.Tests.Kubernetes;

public sealed class UnambiguousPathTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/version")]
    [InlineData("/version/")]
    [InlineData("/api/v1/namespaces/default/pods/web-0")]
    [InlineData("/apis/rbac.authorization.k8s.io/v1/clusterroles/system:controller:job-controller")]
    [InlineData("/api/v1/namespaces/default/pods/a%3Ab")]
    [InlineData("/api/v1/namespaces/default/pods/..a")]
    [InlineData("/api/v1/namespaces/default/pods/a..")]
    public void Accepts_PathsEveryHopReadsAlike(string path) => Assert.Null(UnambiguousPath.Problem(path));

    [Theory]
    [InlineData("", "start with '/'")]
    [InlineData("api/v1/pods", "start with '/'")]
    [InlineData("/api/v1/namespaces/default/..%5C..%5Cnodes", "encodes '\\'")]
    [InlineData("/api/v1/namespaces/default/..\\..\\nodes", "backslash")]
    [InlineData("/api/v1/namespaces/default/../../nodes", "'..' segment")]
    [InlineData("/api/v1/namespaces/default/./pods", "'.' or '..' segment")]
    [InlineData("/api/v1/namespaces/default/pods/..", "'..' segment")]
    [InlineData("/api/v1/namespaces/default/%2e%2e/%2E%2E/nodes", "encodes '.'")]
    [InlineData("/api/v1/namespaces/default%2Fpods", "encodes '/'")]
    [InlineData("/api/v1/namespaces/default/pods/a%252Fb", "encodes '%'")]
    [InlineData("/api/v1//nodes", "empty segment")]
    [InlineData("//api/v1/nodes", "empty segment")]
    [InlineData("/api/v1/nodes/a%", "invalid percent-encoding")]
    [InlineData("/api/v1/nodes/a%4", "invalid percent-encoding")]
    [InlineData("/api/v1/nodes/a%zz", "invalid percent-encoding")]
    [InlineData("/api/v1/nodes/%C0%AE%C0%AE", "outside ASCII")]
    [InlineData("/api/v1/nodes/%00", "control character")]
    [InlineData("/api/v1/nodes/a\tb", "control character")]
    [InlineData("/api/v1/nodes/a b", "space")]
    [InlineData("/api/v1/nodes/caf\u00e9", "outside ASCII")]
    [InlineData("/api/v1/nodes/\uff0e\uff0e", "outside ASCII")]
    public void Refuses_PathsAHopCouldReadDifferently(string path, string reason) =>
        Assert.Contains(reason, UnambiguousPath.Problem(path));

    [Theory]
    [InlineData("?watch=1&fieldSelector=metadata.name%3Dweb")]
    [InlineData("")]
    public void Accepts_VisibleAsciiQueries(string query) => Assert.Null(UnambiguousPath.QueryProblem(query));

    [Theory]
    [InlineData("?a=\u00e9")]
    [InlineData("?a=b c")]
    [InlineData("?a=\n")]
    public void Refuses_QueriesWithInvisibleOrNonAsciiCharacters(string query) => Assert.NotNull(UnambiguousPath.QueryProblem(query));

    [Theory]
    [InlineData("/api/v1/pods", "/api/v1/pods")]
    [InlineData("/api/v1/namespaces/default/pods/a%3Ab%40c", "/api/v1/namespaces/default/pods/a:b@c")]
    [InlineData("/api/v1/namespaces/%64efault/pods", "/api/v1/namespaces/default/pods")]
    public void Decode_ReadsThePathAsTheApiServerDoes(string raw, string decoded) => Assert.Equal(decoded, UnambiguousPath.Decode(raw));
}
