using System.Net.Http.Json;
using Paralus.Domain.Contracts;
using Paralus.Domain.Kubernetes;

namespace Paralus.Relay.Tests;

/// <summary>
/// A namespace user trying to reach further than their namespaces: through paths the relay and the apiserver could
/// read differently, through the cluster's own RBAC, and through Paralus's own namespace.
/// </summary>
[Collection(RelayStackCollection.Name)]
public sealed class RelayEscalationTests(RelayStack stack)
{
    /// <summary>NAMESPACE_ADMIN on every namespace ("*") of project aws: the widest namespace role there is.</summary>
    private const string Wanda = "wanda@example.com";

    private const string RefusedPath = "every hop reads the same way";

    private static readonly SemaphoreSlim WandaOnce = new(1, 1);

    [Theory]
    [InlineData("GET", "/api/v1/namespaces/apple/..%5C..%5Cnodes")]
    [InlineData("GET", "/api/v1/namespaces/apple/..\\..\\nodes")]
    [InlineData("GET", "/api/v1/namespaces/apple/%2e%2e/%2e%2e/nodes")]
    [InlineData("GET", "/api/v1/namespaces/apple/pods/../../../nodes")]
    [InlineData("GET", "/api/v1/namespaces/apple%2F..%2F..%2Fnodes")]
    [InlineData("GET", "/api/v1//nodes")]
    [InlineData("GET", "/api/v1/namespaces/apple/pods/%C0%AE%C0%AE")]
    [InlineData("POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/apple/..%5C..%5Cclusterrolebindings")]
    public async Task AmbiguousPath_OfANamespaceAdmin_IsRefusedWith400_AndNothingReachesTheCluster(string method, string path)
    {
        var token = await WandaTokenAsync();
        var escalation = $$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"wanda-escalated-{{stack.Cluster.RunId}}"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"cluster-admin"},"subjects":[{"kind":"User","name":"wanda"}]}""";

        var response = await RawHttp.SendAsync(stack.RelayUserUrl, method, $"/clusters/{RelayStack.ClusterName}{path}", token, method == "POST" ? escalation : null);

        Assert.Equal(400, response.Status);
        Assert.Contains("\"reason\":\"BadRequest\"", response.Text);
        Assert.Contains(RefusedPath, response.Text);
        Assert.DoesNotContain("NodeList", response.Text);
        Assert.NotEqual(0, (await stack.Cluster.Direct.RunAsync("get", "clusterrolebinding", $"wanda-escalated-{stack.Cluster.RunId}")).ExitCode);
    }

    [Fact]
    public async Task GeneratedPaths_AreRefused_OrReachTheClusterByteForByte()
    {
        if (stack.Cluster.ReceivedRequests is not { } received) return; // a real cluster's audit log is not ours to read
        string[] pieces = ["api", "v1", "namespaces", "default", "apple", "pods", "nodes", "web-0", "..", ".", "", "%2e%2e", "%2E", "%5C", "%5c",
            "\\", "%2F", "%25", "%252F", "a%3Ab", "%C0%AE", "%00", "%7F", "caf%C3%A9", "%", "%4", "%zz", "~x", "a.b", "..a", "%41"];
        var random = new Random(14);
        var forwarded = 0;
        for (var probe = 0; probe < 150; probe++)
        {
            var segments = Enumerable.Range(0, random.Next(1, 7)).Select(_ => pieces[random.Next(pieces.Length)]);
            var path = "/" + (random.Next(2) == 0 ? "api/v1/" : "") + string.Join('/', segments);
            var query = $"?probe={probe}";

            var response = await RawHttp.SendAsync(stack.RelayUserUrl, "GET", $"/clusters/{RelayStack.ClusterName}{path}{query}", stack.AdminToken);

            var arrived = received.Where(r => r.EndsWith(query, StringComparison.Ordinal)).ToArray();
            // Refused by the relay, or already by Kestrel (a lone '%' or a NUL is not HTTP).
            if (response.Status == 400 && (response.Text.Contains(RefusedPath) || !response.Text.Contains("\"kind\":\"Status\"")))
            {
                Assert.Empty(arrived);
                Assert.NotNull(UnambiguousPath.Problem(path));
                continue;
            }

            // Not refused: what the apiserver got is exactly what the relay decided on, never a normalized copy.
            Assert.True(arrived.Length == 1, $"{path}: {response.Status}, reached the cluster as [{string.Join(", ", arrived)}]");
            Assert.Equal($"GET {path}{query}", arrived[0]);
            forwarded++;
        }

        Assert.InRange(forwarded, 10, 140); // both outcomes were exercised
    }

    [Fact]
    public async Task EveryNamespaceRole_IsRoleBindingsInEachNamespace_KeptCurrent_NeverClusterWide()
    {
        var wanda = stack.KubectlWithToken(Wanda, await WandaTokenAsync());
        Assert.Equal(0, (await wanda.RunAsync("get", "pods", "-n", "apple")).ExitCode);
        var account = ServiceAccountNames.ForUser(Wanda);

        var clusterBindings = await stack.Cluster.GetJsonAsync("get", "clusterrolebindings", "-l", $"{JitAccessSpec.UserLabel}={account}");
        Assert.Empty(clusterBindings.GetProperty("items").EnumerateArray());
        var bound = (await stack.Cluster.GetJsonAsync("get", "rolebindings", "-A", "-l", $"{JitAccessSpec.UserLabel}={account}"))
            .GetProperty("items").EnumerateArray().Select(b => b.GetProperty("metadata").GetProperty("namespace").GetString()).ToHashSet();
        Assert.Contains("apple", bound);
        Assert.Contains("default", bound);
        Assert.DoesNotContain(JitAccessSpec.ServiceAccountNamespace, bound);
        // The cluster's own RBAC, with a token of her account straight at the apiserver: no cluster-scoped object.
        var token = (await stack.Cluster.Direct.RunAsync("create", "token", account, "-n", JitAccessSpec.ServiceAccountNamespace)).Output.Trim();
        var asAccount = new Kubectl(await stack.Cluster.WriteKubeconfigWithTokenAsync(Path.Combine(Path.GetTempPath(), $"wanda-{Guid.NewGuid():N}.kubeconfig"), token));
        Assert.Equal(0, (await asAccount.RunAsync("get", "pods", "-n", "apple")).ExitCode);
        Assert.Contains("Forbidden", (await asAccount.RunAsync("get", "nodes")).Error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Forbidden", (await asAccount.RunAsync("get", "clusterrolebindings")).Error, StringComparison.OrdinalIgnoreCase);

        var late = $"late-{stack.Cluster.RunId}";
        await stack.Cluster.EnsureNamespaceAsync(late);
        await Eventually.TrueAsync(async () => (await asAccount.RunAsync("get", "pods", "-n", late)).ExitCode == 0);
        Assert.Equal(0, (await wanda.RunAsync("get", "pods", "-n", late)).ExitCode);
    }

    [Fact]
    public async Task ParalusSystem_IsOutOfReach_EvenWithFullClusterAccess()
    {
        var admin = stack.KubectlWithToken(stack.ControlPlane.AdminUser, stack.AdminToken);
        var wanda = stack.KubectlWithToken(Wanda, await WandaTokenAsync());
        var victim = ServiceAccountNames.ForUser(stack.ControlPlane.AdminUser);
        Assert.Equal(0, (await admin.RunAsync("get", "pods", "-n", "default")).ExitCode); // the admin's own account exists now

        foreach (var kubectl in new[] { admin, wanda })
        {
            var minted = await kubectl.RunAsync("create", "token", victim, "-n", JitAccessSpec.ServiceAccountNamespace);
            Assert.NotEqual(0, minted.ExitCode);
            Assert.Contains("belong to Paralus itself", minted.Error);
            Assert.NotEqual(0, (await kubectl.RunAsync("get", "secrets", "-n", JitAccessSpec.ServiceAccountNamespace)).ExitCode);
        }

        Assert.Contains("belong to Paralus itself", (await admin.RunAsync("delete", "namespace", JitAccessSpec.ServiceAccountNamespace)).Error);
        Assert.Contains("belong to Paralus itself", (await admin.RunAsync("patch", "clusterrole", JitClusterRoles.ReadName, "--type=json",
            "-p", """[{"op":"add","path":"/rules/-","value":{"apiGroups":[""],"resources":["secrets"],"verbs":["get"]}}]""")).Error);
        Assert.Equal(0, (await admin.RunAsync("get", "clusterrole", JitClusterRoles.ReadName)).ExitCode);
        Assert.Equal(0, (await stack.Cluster.Direct.RunAsync("get", "namespace", JitAccessSpec.ServiceAccountNamespace)).ExitCode);

        using var client = stack.Admin();
        var binding = await client.PostAsJsonAsync("/api/v1/rolebindings",
            new CreateRoleBindingRequest("NAMESPACE_ADMIN", User: Wanda, Project: "aws", Namespace: JitAccessSpec.ServiceAccountNamespace));
        Assert.Equal(400, (int)binding.StatusCode);
        Assert.Contains(JitAccessSpec.ServiceAccountNamespace, await binding.Content.ReadAsStringAsync());
    }

    private async Task<string> WandaTokenAsync()
    {
        await WandaOnce.WaitAsync();
        try
        {
            using var admin = stack.Admin();
            var created = await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(Wanda, Password: RelayStack.Password));
            if (created.IsSuccessStatusCode)
            {
                (await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("NAMESPACE_ADMIN", User: Wanda, Project: "aws", Namespace: "*")))
                    .EnsureSuccessStatusCode();
            }
            var token = await stack.ControlPlane.LoginAsync(Wanda, RelayStack.Password);
            // Her binding reaches the relays as an access event; until then the cluster is not hers to see.
            await Eventually.TrueAsync(async () =>
                (await RawHttp.SendAsync(stack.RelayUserUrl, "GET", $"/clusters/{RelayStack.ClusterName}/api/v1/namespaces/apple/pods", token)).Status == 200);
            return token;
        }
        finally
        {
            WandaOnce.Release();
        }
    }
}
