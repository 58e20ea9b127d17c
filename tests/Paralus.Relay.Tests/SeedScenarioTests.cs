using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Paralus.Domain.Contracts;
using Paralus.Domain.Kubernetes;

namespace Paralus.Relay.Tests;

/// <summary>
/// Paralus's first seed scenario over kubectl: a new developer put in "AWS Project Members" (PROJECT_ADMIN on project
/// aws) reaches every cluster of aws, and no other cluster — not even one whose agent is connected to the same relays.
/// </summary>
[Collection(RelayStackCollection.Name)]
public sealed class SeedScenarioTests(RelayStack stack)
{
    [Fact]
    public async Task NewMemberOfTheAwsGroup_ReachesEveryAwsCluster_AndNoOther()
    {
        using var admin = stack.Admin();
        var secondAws = "aws-2-" + stack.Cluster.RunId;
        var created = await admin.PostAsJsonAsync("/api/v1/clusters", new CreateClusterRequest(secondAws, "aws"));
        created.EnsureSuccessStatusCode();
        var secondAwsId = (await created.Content.ReadFromJsonAsync<ClusterResource>())!.Id;
        var gcpId = (await admin.GetFromJsonAsync<ClusterResource>($"/api/v1/clusters/{RelayStack.HiddenCluster}"))!.Id;
        var newHire = $"new-hire-{stack.Cluster.RunId}@paralus.local";
        var configMap = "seed-" + stack.Cluster.RunId;

        // Each cluster record is a Kubernetes cluster of its own, as registration requires.
        await using var awsCluster = await stack.StartExtraClusterAsync(secondAws);
        await using var gcpCluster = await stack.StartExtraClusterAsync(RelayStack.HiddenCluster);
        await awsCluster.EnsureNamespaceAsync("apple");
        var agents = new List<WebApplication> { await stack.StartAgentAsync(secondAwsId, awsCluster), await stack.StartAgentAsync(gcpId, gcpCluster) };
        try
        {
            // Both are connected: whatever keeps the new hire out of the gcp cluster, it is not a missing tunnel.
            await stack.WaitForTunnelAsync(0, secondAws);
            await stack.WaitForTunnelAsync(0, RelayStack.HiddenCluster);

            (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(newHire, Password: RelayStack.Password))).EnsureSuccessStatusCode();
            var join = new HttpRequestMessage(HttpMethod.Patch, "/api/v1/groups/AWS%20Project%20Members") { Content = JsonContent.Create(new UpdateGroupRequest(AddUsers: [newHire])) };
            (await admin.SendAsync(join)).EnsureSuccessStatusCode();

            foreach (var cluster in new[] { RelayStack.ClusterName, secondAws })
            {
                var kubectl = await stack.KubectlAsAsync(newHire, cluster);
                // Relays learn of the new member from an access event; the first request may race it.
                await Eventually.TrueAsync(async () => (await kubectl.RunAsync("get", "pods", "-n", "default")).ExitCode == 0);
                var write = await kubectl.RunAsync("create", "configmap", $"{configMap}-{cluster}", "--from-literal=a=b", "-n", "apple");
                Assert.True(write.ExitCode == 0, $"{cluster}: {write}");
            }
            foreach (var cluster in new[] { stack.Cluster, awsCluster })
            {
                var account = await cluster.GetJsonAsync("get", "serviceaccount", ServiceAccountNames.ForUser(newHire), "-n", "paralus-system");
                Assert.Equal(System.Text.Json.JsonValueKind.Object, account.ValueKind);
            }
            var none = await gcpCluster.GetJsonAsync("get", "serviceaccount", ServiceAccountNames.ForUser(newHire), "-n", "paralus-system");
            Assert.NotEqual(System.Text.Json.JsonValueKind.Object, none.ValueKind);

            // The gcp cluster: no kubeconfig is issued, and a session token pointed at it through the relay gets exactly
            // the answer a cluster that does not exist gets.
            var token = await stack.ControlPlane.LoginAsync(newHire, RelayStack.Password);
            using var asNewHire = stack.ControlPlane.Client(token);
            var kubeconfig = await asNewHire.PostAsJsonAsync("/api/v1/kubeconfig", new IssueKubeconfigRequest(RelayStack.HiddenCluster));
            Assert.Equal(HttpStatusCode.NotFound, kubeconfig.StatusCode);
            var gcp = await stack.KubectlWithToken("new-hire", token, RelayStack.HiddenCluster).RunAsync("get", "pods", "-n", "default");
            var missing = await stack.KubectlWithToken("new-hire", token, "no-such-cluster").RunAsync("get", "pods", "-n", "default");
            Assert.NotEqual(0, gcp.ExitCode);
            Assert.Equal(missing.Message.Replace("no-such-cluster", "X"), gcp.Message.Replace(RelayStack.HiddenCluster, "X"));
        }
        finally
        {
            // Deleting the user ends their access, and the fixture's agent deletes their service account (on a real
            // cluster too); the extra sandboxes go with the test.
            await admin.DeleteAsync($"/api/v1/users/{Uri.EscapeDataString(newHire)}");
            await admin.DeleteAsync($"/api/v1/clusters/{secondAws}");
            await stack.Cluster.Direct.RunAsync("delete", "configmap", $"{configMap}-{RelayStack.ClusterName}", "-n", "apple", "--ignore-not-found");
            foreach (var agent in agents)
            {
                await agent.StopAsync();
                await agent.DisposeAsync();
            }
        }
    }
}
