using System.Net.Http.Json;
using System.Text.Json;
using Paralus.Agent.Jit;
using Paralus.Core.Contracts;

namespace Paralus.Relay.Tests;

/// <summary>Requests reach the cluster as the user's just-in-time service account, with bindings that follow their roles.</summary>
[Collection(RelayStackCollection.Name)]
public sealed class JitServiceAccountTests(RelayStack stack)
{
    [Fact]
    public async Task NamespaceAdmin_GetsAServiceAccountBoundInHerNamespaceOnly()
    {
        var sally = await stack.KubectlAsAsync(RelayStack.Sally);
        Assert.Equal(0, (await sally.RunAsync("get", "pods", "-n", "apple")).ExitCode);

        using var cluster = stack.Sandbox.CreateHttpClient();
        var account = await cluster.GetAsync("api/v1/namespaces/paralus-system/serviceaccounts/sally-64example-46com");
        Assert.True(account.IsSuccessStatusCode, "service account sally-64example-46com exists in paralus-system");
        var labels = (await account.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("metadata").GetProperty("labels");
        Assert.Equal("paralus", labels.GetProperty("app.kubernetes.io/managed-by").GetString());
        Assert.True(labels.TryGetProperty("paralus.dev/last-used", out _));

        var bindings = await BindingsOfAsync(cluster, "apis/rbac.authorization.k8s.io/v1/rolebindings", "sally-64example-46com");
        Assert.Equal(["apple"], bindings.Select(b => b.GetProperty("metadata").GetProperty("namespace").GetString()));
        Assert.Empty(await BindingsOfAsync(cluster, "apis/rbac.authorization.k8s.io/v1/clusterrolebindings", "sally-64example-46com"));
    }

    [Fact]
    public async Task ClusterSeesTheJitServiceAccount_EvenWhenTheClientTriesToImpersonate()
    {
        var reader = await stack.KubectlAsAsync(RelayStack.Reader);
        var whoami = await reader.RunAsync("auth", "whoami", "-o", "jsonpath={.status.userInfo.username}");
        Assert.True(whoami.ExitCode == 0, whoami.ToString());
        Assert.Equal("system:serviceaccount:paralus-system:reader-64example-46com", whoami.Output.Trim());

        var impersonating = await reader.RunAsync("auth", "whoami", "--as", "admin", "--as-group", "system:masters", "-o", "jsonpath={.status.userInfo.username}");
        Assert.Equal("system:serviceaccount:paralus-system:reader-64example-46com", impersonating.Output.Trim());
    }

    [Fact]
    public async Task ChangedRole_ReplacesTheBindings_OnTheNextRequest()
    {
        using var admin = stack.Admin();
        var user = "mover-" + Guid.NewGuid().ToString("N")[..6] + "@example.com";
        var serviceAccount = Core.Kubernetes.ServiceAccountNames.ForUser(user);
        (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(user, Password: RelayStack.Password))).EnsureSuccessStatusCode();
        var projectWide = await (await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("PROJECT_READ_ONLY", User: user, Project: "aws")))
            .Content.ReadFromJsonAsync<RoleBindingResource>();
        var kubectl = await stack.KubectlAsAsync(user);
        Assert.Equal(0, (await kubectl.RunAsync("get", "pods", "-n", "default")).ExitCode);
        using var cluster = stack.Sandbox.CreateHttpClient();
        Assert.Single(await BindingsOfAsync(cluster, "apis/rbac.authorization.k8s.io/v1/clusterrolebindings", serviceAccount));

        // Demoted to one namespace: the cluster-wide binding goes, a namespace binding comes.
        (await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("NAMESPACE_READ_ONLY", User: user, Project: "aws", Namespace: "apple"))).EnsureSuccessStatusCode();
        await admin.DeleteAsync($"/api/v1/rolebindings/{projectWide!.Id}");
        await Eventually.TrueAsync(async () => (await kubectl.RunAsync("get", "pods", "-n", "apple")).ExitCode == 0
            && (await BindingsOfAsync(cluster, "apis/rbac.authorization.k8s.io/v1/clusterrolebindings", serviceAccount)).Count == 0);
        Assert.Single(await BindingsOfAsync(cluster, "apis/rbac.authorization.k8s.io/v1/rolebindings", serviceAccount));
    }

    [Fact]
    public async Task Sweeper_DeletesIdleServiceAccounts_AndTheNextRequestRecreatesThem()
    {
        var virat = await stack.KubectlAsAsync(RelayStack.Virat);
        Assert.Equal(0, (await virat.RunAsync("get", "pods", "-n", "default")).ExitCode);
        using var cluster = stack.Sandbox.CreateHttpClient();
        const string path = "api/v1/namespaces/paralus-system/serviceaccounts/virat-46kohli-64paralus-46local";

        // Last used long ago: past any inactivity timeout.
        var stale = new HttpRequestMessage(HttpMethod.Patch, path) { Content = new StringContent("""{"metadata":{"labels":{"paralus.dev/last-used":"1000"}}}""") };
        stale.Content.Headers.ContentType = new("application/merge-patch+json");
        (await cluster.SendAsync(stale)).EnsureSuccessStatusCode();

        var swept = await stack.AgentServices.GetRequiredService<JitSweeper>().SweepAsync(CancellationToken.None);
        Assert.True(swept >= 1);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await cluster.GetAsync(path)).StatusCode);
        Assert.Empty(await BindingsOfAsync(cluster, "apis/rbac.authorization.k8s.io/v1/clusterrolebindings", "virat-46kohli-64paralus-46local"));

        Assert.Equal(0, (await virat.RunAsync("get", "pods", "-n", "default")).ExitCode);
        Assert.True((await cluster.GetAsync(path)).IsSuccessStatusCode);
    }

    private static async Task<List<JsonElement>> BindingsOfAsync(HttpClient cluster, string path, string serviceAccount)
    {
        var list = await cluster.GetFromJsonAsync<JsonElement>(path);
        return list.GetProperty("items").EnumerateArray()
            .Where(b => b.TryGetProperty("subjects", out var subjects) && subjects.EnumerateArray().Any(s => s.GetProperty("name").GetString() == serviceAccount))
            .ToList();
    }
}
