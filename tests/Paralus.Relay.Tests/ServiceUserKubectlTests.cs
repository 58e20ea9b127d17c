using System.Net.Http.Json;
using Paralus.Domain.Contracts;
using Paralus.Domain.Kubernetes;

namespace Paralus.Relay.Tests;

/// <summary>
/// Automation with a service user's kubeconfig (issued by the administrator, no sign-in anywhere): the real kubectl
/// through relay and agent gets exactly the role bound to it, as its own JIT service account, until it is revoked.
/// </summary>
[Collection(RelayStackCollection.Name)]
public sealed class ServiceUserKubectlTests(RelayStack stack)
{
    [Fact]
    public async Task ServiceUser_BoundNamespaceAdmin_GetsExactlyThat_AsItsOwnServiceAccount_UntilRevoked_AReissuedKubeconfigWorks()
    {
        using var admin = stack.Admin();
        var name = await CreateServiceUserAsync(admin);
        var kubectl = await IssueAsync(admin, name);

        // The relay learns of the new user with its next snapshot refresh.
        await Eventually.TrueAsync(async () => (await kubectl.RunAsync("get", "pods", "-n", "apple")).ExitCode == 0);
        var elsewhere = await kubectl.RunAsync("get", "pods", "-n", "default");
        Assert.NotEqual(0, elsewhere.ExitCode);
        Assert.True(elsewhere.Error.Contains("Error from server (Forbidden)"), elsewhere.ToString());
        var whoami = await kubectl.RunAsync("auth", "whoami", "-o", "jsonpath={.status.userInfo.username}");
        Assert.True(whoami.ExitCode == 0, whoami.ToString());
        Assert.Equal($"system:serviceaccount:paralus-system:{ServiceAccountNames.ForUser(name)}", whoami.Output.Trim());

        (await admin.PostAsJsonAsync("/api/v1/kubeconfig/revoke", new RevokeKubeconfigRequest(name))).EnsureSuccessStatusCode();

        await Eventually.TrueAsync(async () => (await kubectl.RunAsync("get", "pods", "-n", "apple")).Message.Contains("You must be logged in to the server"));
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // certificates carry whole seconds: the next one must start after the revocation
        var rotated = await IssueAsync(admin, name);
        Assert.Equal(0, (await rotated.RunAsync("get", "pods", "-n", "apple")).ExitCode);
    }

    [Fact]
    public async Task DeactivatingAServiceUser_EndsItsAccessAtOnce()
    {
        using var admin = stack.Admin();
        var name = await CreateServiceUserAsync(admin);
        var kubectl = await IssueAsync(admin, name);
        await Eventually.TrueAsync(async () => (await kubectl.RunAsync("get", "pods", "-n", "apple")).ExitCode == 0);

        var deactivate = await admin.PatchAsJsonAsync($"/api/v1/users/{name}", new UpdateUserRequest(Active: false));
        Assert.True(deactivate.IsSuccessStatusCode, await deactivate.Content.ReadAsStringAsync());

        await Eventually.TrueAsync(async () => (await kubectl.RunAsync("get", "pods", "-n", "apple")).Error.Contains("deactivated"), 10);
    }

    private static async Task<string> CreateServiceUserAsync(HttpClient admin)
    {
        var name = "argocd-" + Guid.NewGuid().ToString("N")[..6];
        (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(name, Kind: "Service", Description: "deploys from git"))).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("NAMESPACE_ADMIN", User: name, Project: "aws", Namespace: "apple"))).EnsureSuccessStatusCode();
        return name;
    }

    /// <summary>What <c>paralus kubeconfig --service-user NAME</c> writes, from the administrator's session.</summary>
    private async Task<Kubectl> IssueAsync(HttpClient admin, string name)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/kubeconfig", new IssueKubeconfigRequest(RelayStack.ClusterName, ServiceUser: name));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var issued = (await response.Content.ReadFromJsonAsync<KubeconfigResponse>())!;
        var path = Path.Combine(Directory.CreateTempSubdirectory("paralus-svc-").FullName, "config");
        await File.WriteAllTextAsync(path, issued.Kubeconfig);
        return new Kubectl(path);
    }
}
