using System.Net.Http.Json;
using System.Text.Json;
using Paralus.Agent.Jit;
using Paralus.Domain.Contracts;

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

        var account = await stack.Cluster.GetJsonAsync("get", "serviceaccount", "sally-64example-46com", "-n", "paralus-system");
        Assert.True(account.ValueKind == JsonValueKind.Object, "service account sally-64example-46com exists in paralus-system");
        var labels = account.GetProperty("metadata").GetProperty("labels");
        Assert.Equal("paralus", labels.GetProperty("app.kubernetes.io/managed-by").GetString());
        Assert.True(labels.TryGetProperty("paralus.dev/last-used", out _));

        var bindings = await BindingsOfAsync("rolebindings", "sally-64example-46com");
        Assert.Equal(["apple"], bindings.Select(b => b.GetProperty("metadata").GetProperty("namespace").GetString()));
        Assert.Empty(await BindingsOfAsync("clusterrolebindings", "sally-64example-46com"));
    }

    [Fact]
    public async Task ClusterSeesTheJitServiceAccount_AndImpersonationIsRefusedOutright()
    {
        var reader = await stack.KubectlAsAsync(RelayStack.Reader);
        var whoami = await reader.RunAsync("auth", "whoami", "-o", "jsonpath={.status.userInfo.username}");
        Assert.True(whoami.ExitCode == 0, whoami.ToString());
        Assert.Equal("system:serviceaccount:paralus-system:reader-64example-46com", whoami.Output.Trim());

        // Not stripped in silence: the user must not believe they acted as someone else.
        foreach (var flags in new[] { new[] { "--as", "admin" }, ["--as", "admin", "--as-group", "system:masters"] })
        {
            var impersonating = await reader.RunAsync(["get", "pods", "-n", "default", .. flags]);
            Assert.NotEqual(0, impersonating.ExitCode);
            Assert.True(impersonating.Error.Contains("impersonation is not available through Paralus"), impersonating.ToString());
        }
    }

    [Fact]
    public async Task ChangedRole_ReplacesTheBindings_OnTheNextRequest()
    {
        using var admin = stack.Admin();
        var user = "mover-" + Guid.NewGuid().ToString("N")[..6] + "@example.com";
        var serviceAccount = Domain.Kubernetes.ServiceAccountNames.ForUser(user);
        (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(user, Password: RelayStack.Password))).EnsureSuccessStatusCode();
        var projectWide = await (await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("PROJECT_READ_ONLY", User: user, Project: "aws")))
            .Content.ReadFromJsonAsync<RoleBindingResource>();
        var kubectl = await stack.KubectlAsAsync(user);
        // The relay learns of the new user with its next snapshot refresh.
        await Eventually.TrueAsync(async () => (await kubectl.RunAsync("get", "pods", "-n", "default")).ExitCode == 0);
        Assert.Single(await BindingsOfAsync("clusterrolebindings", serviceAccount));

        // Demoted to one namespace: the cluster-wide binding goes, a namespace binding comes.
        (await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("NAMESPACE_READ_ONLY", User: user, Project: "aws", Namespace: "apple"))).EnsureSuccessStatusCode();
        await admin.DeleteAsync($"/api/v1/rolebindings/{projectWide!.Id}");
        await Eventually.TrueAsync(async () => (await kubectl.RunAsync("get", "pods", "-n", "apple")).ExitCode == 0
            && (await BindingsOfAsync("clusterrolebindings", serviceAccount)).Count == 0);
        Assert.Single(await BindingsOfAsync("rolebindings", serviceAccount));
    }

    [Fact]
    public async Task Sweeper_DeletesIdleServiceAccounts_AndTheNextRequestRecreatesThem()
    {
        var virat = await stack.KubectlAsAsync(RelayStack.Virat);
        Assert.Equal(0, (await virat.RunAsync("get", "pods", "-n", "default")).ExitCode);
        const string account = "virat-46kohli-64paralus-46local";

        // Last used long ago: past any inactivity timeout.
        var stale = await stack.Cluster.Direct.RunAsync("label", "serviceaccount", account, "-n", "paralus-system", "paralus.dev/last-used=1000", "--overwrite");
        Assert.True(stale.ExitCode == 0, stale.ToString());

        var swept = await stack.AgentServices.GetRequiredService<JitSweeper>().SweepAsync(CancellationToken.None);
        Assert.True(swept >= 1);
        Assert.Equal(JsonValueKind.Undefined, (await stack.Cluster.GetJsonAsync("get", "serviceaccount", account, "-n", "paralus-system")).ValueKind);
        Assert.Empty(await BindingsOfAsync("clusterrolebindings", account));

        Assert.Equal(0, (await virat.RunAsync("get", "pods", "-n", "default")).ExitCode);
        Assert.Equal(JsonValueKind.Object, (await stack.Cluster.GetJsonAsync("get", "serviceaccount", account, "-n", "paralus-system")).ValueKind);
    }

    private async Task<List<JsonElement>> BindingsOfAsync(string kind, string serviceAccount)
    {
        var list = await stack.Cluster.GetJsonAsync("get", kind, "-A");
        return list.GetProperty("items").EnumerateArray()
            .Where(b => b.TryGetProperty("subjects", out var subjects) && subjects.EnumerateArray().Any(s => s.GetProperty("name").GetString() == serviceAccount))
            .ToList();
    }
}
