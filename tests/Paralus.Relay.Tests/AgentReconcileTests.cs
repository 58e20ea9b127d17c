using System.Net.Http.Json;
using Amqp;
using Amqp.Framing;
using Paralus.Domain.Contracts;
using Paralus.Domain.Kubernetes;

namespace Paralus.Relay.Tests;

/// <summary>
/// Agents keep the cluster's JIT objects in line with the directory without waiting for the user: bindings change as
/// soon as a grant does, and after a reconnect the agent catches up on what it missed. Relays shrug off bad messages.
/// </summary>
[Collection(RelayStackCollection.Name)]
public sealed class AgentReconcileTests(RelayStack stack)
{
    [Fact]
    public async Task ChangedGrant_RewritesAnExistingAccountsBindings_BeforeItsNextRequest()
    {
        using var admin = stack.Admin();
        var user = $"pre-{stack.Cluster.RunId}@example.com";
        var account = ServiceAccountNames.ForUser(user);
        (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(user, Password: RelayStack.Password))).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("NAMESPACE_ADMIN", User: user, Project: "aws", Namespace: "apple"))).EnsureSuccessStatusCode();
        var kubectl = await stack.KubectlAsAsync(user);
        await Eventually.TrueAsync(async () => (await kubectl.RunAsync("get", "pods", "-n", "apple")).ExitCode == 0, 10);
        Assert.Equal(["apple"], await RoleBindingNamespacesAsync(account));

        var added = await (await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("NAMESPACE_READ_ONLY", User: user, Project: "aws", Namespace: "default")))
            .Content.ReadFromJsonAsync<RoleBindingResource>();
        await Eventually.TrueAsync(async () => (await RoleBindingNamespacesAsync(account)).SequenceEqual(["apple", "default"]), 10);

        await admin.DeleteAsync($"/api/v1/rolebindings/{added!.Id}");
        await Eventually.TrueAsync(async () => (await RoleBindingNamespacesAsync(account)).SequenceEqual(["apple"]), 10);
    }

    [Fact]
    public async Task AfterReconnecting_TheAgentDeletesAccountsOfUsersWithoutAccess()
    {
        // An account left behind while the agent could not hear about it: its user no longer exists.
        var ghost = ServiceAccountNames.ForUser($"ghost-{stack.Cluster.RunId}@example.com");
        var created = await stack.Cluster.Direct.RunAsync("create", "serviceaccount", ghost, "-n", "paralus-system");
        Assert.True(created.ExitCode == 0, created.ToString());
        var labelled = await stack.Cluster.Direct.RunAsync("label", "serviceaccount", ghost, "-n", "paralus-system",
            $"{JitAccessSpec.ManagedByLabel}={JitAccessSpec.ManagedByValue}", $"{JitAccessSpec.UserLabel}={ServiceAccountNames.LabelValue(ghost)}");
        Assert.True(labelled.ExitCode == 0, labelled.ToString());
        var virat = await stack.KubectlAsAsync(RelayStack.Virat);
        var before = await virat.RunAsync("get", "pods", "-n", "default");
        Assert.True(before.ExitCode == 0, before.ToString());
        var viratAccount = ServiceAccountNames.ForUser(RelayStack.Virat);

        await stack.StopRelayAsync(1);
        await stack.StartRelayAsync(1);
        await stack.WaitForTunnelAsync(1);

        await Eventually.TrueAsync(async () => (await stack.Cluster.Direct.RunAsync("get", "serviceaccount", ghost, "-n", "paralus-system")).ExitCode != 0, 10);
        // Accounts of users who still have access stay.
        Assert.Equal(0, (await stack.Cluster.Direct.RunAsync("get", "serviceaccount", viratAccount, "-n", "paralus-system")).ExitCode);
    }

    [Fact]
    public async Task MalformedAccessEvent_IsDeadLettered_AndTheRelaysKeepApplyingEvents()
    {
        var connection = await Connection.Factory.CreateAsync(new Address(stack.Broker.Host, stack.Broker.Port, stack.Broker.UserName, stack.Broker.Password, scheme: "AMQP"));
        try
        {
            var session = new Session(connection);
            var sender = new SenderLink(session, "forger", "/exchange/access-events/user.deactivated");
            var garbage = new Message { BodySection = new Data { Binary = "{not an event"u8.ToArray() }, Properties = new Properties { MessageId = "forged-1", Subject = "user.deactivated" } };
            garbage.ApplicationProperties = new ApplicationProperties { Map = { ["type"] = "user.deactivated", ["schema-version"] = 1 } };
            await sender.SendAsync(garbage);

            var deadLetters = new ReceiverLink(session, "dead-letters", "/amq/queue/access-events.dead-letter");
            var dead = new List<string?>();
            var deadline = DateTime.UtcNow.AddSeconds(10);
            // Both relays reject it, so it is dead-lettered once per relay subscription.
            while (dead.Count < 2 && DateTime.UtcNow < deadline)
            {
                if (await deadLetters.ReceiveAsync(TimeSpan.FromSeconds(1)) is { } message)
                {
                    dead.Add(message.Properties?.MessageId);
                    deadLetters.Accept(message);
                }
            }
            Assert.Equal(["forged-1", "forged-1"], dead);
        }
        finally
        {
            await connection.CloseAsync();
        }

        // Still consuming: a real change after the bad message is applied by both relays.
        using var admin = stack.Admin();
        var user = $"after-garbage-{stack.Cluster.RunId}@example.com";
        (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(user, Password: RelayStack.Password))).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("PROJECT_READ_ONLY", User: user, Project: "aws"))).EnsureSuccessStatusCode();
        var viaRelay0 = await stack.KubectlAsAsync(user);
        var viaRelay1 = viaRelay0.WithServer(stack.UserUrlOf(0), stack.UserUrlOf(1));
        await Eventually.TrueAsync(async () => (await viaRelay0.RunAsync("get", "pods", "-n", "default")).ExitCode == 0
                                              && (await viaRelay1.RunAsync("get", "pods", "-n", "default")).ExitCode == 0, 10);
    }

    private async Task<IReadOnlyList<string>> RoleBindingNamespacesAsync(string serviceAccount)
    {
        var list = await stack.Cluster.GetJsonAsync("get", "rolebindings", "-A");
        return list.GetProperty("items").EnumerateArray()
            .Where(b => b.TryGetProperty("subjects", out var subjects) && subjects.EnumerateArray().Any(s => s.GetProperty("name").GetString() == serviceAccount))
            .Select(b => b.GetProperty("metadata").GetProperty("namespace").GetString()!)
            .Order(StringComparer.Ordinal)
            .ToArray();
    }
}
