using System.Diagnostics;
using System.Net.Http.Json;
using Paralus.Domain.Contracts;
using Xunit.Abstractions;

namespace Paralus.Relay.Tests;

/// <summary>
/// Seed scenario 2: access taken away reaches both relays and the cluster through access events (the relays'
/// safety-net poll is a minute in <see cref="RelayStack"/>, so nothing here can pass by polling). The latency targets
/// (1 s for streams, 3 s for service accounts) are measured by <c>bench/run.sh revocation</c>; these bounds only
/// leave room for a loaded CI machine.
/// </summary>
[Collection(RelayStackCollection.Name)]
public sealed class AccessRevocationTests(RelayStack stack, ITestOutputHelper output)
{
    private static readonly TimeSpan StreamsEndWithin = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan AccountGoneWithin = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task Trainee_RemovedFromAdminGroup_LosesOpenStreamsAndServiceAccount_ThenGetsReadOnly()
    {
        var trainee = $"trainee-{stack.Cluster.RunId}@example.com";
        var adminGroup = $"Trainees Admin {stack.Cluster.RunId}";
        var readersGroup = $"Trainees Read {stack.Cluster.RunId}";
        using var admin = stack.Admin();
        await PostAsync(admin, "/api/v1/users", new CreateUserRequest(trainee, Password: RelayStack.Password));
        await PostAsync(admin, "/api/v1/groups", new CreateGroupRequest(adminGroup));
        await PostAsync(admin, "/api/v1/groups", new CreateGroupRequest(readersGroup));
        await PostAsync(admin, "/api/v1/rolebindings", new CreateRoleBindingRequest("CLUSTER_ADMIN", Group: adminGroup, Project: "aws"));
        await PostAsync(admin, "/api/v1/rolebindings", new CreateRoleBindingRequest("PROJECT_READ_ONLY", Group: readersGroup, Project: "aws"));
        await PatchGroupAsync(admin, adminGroup, new UpdateGroupRequest(AddUsers: [trainee]));

        var viaRelay0 = await stack.KubectlAsAsync(trainee);
        var viaRelay1 = viaRelay0.WithServer(stack.UserUrlOf(0), stack.UserUrlOf(1));
        var pod = "trainee-" + stack.Cluster.RunId;
        var created = await viaRelay0.RunAsync("run", pod, "-n", "default", "--image=busybox", "--restart=Never", "--command", "--", "sh", "-c", "sleep 3600");
        Assert.True(created.ExitCode == 0, created.ToString());
        await Eventually.TrueAsync(async () => (await viaRelay0.RunAsync("get", "pod", pod, "-n", "default", "-o", "jsonpath={.status.phase}")).Output == "Running", 120);
        // Relay 1 carries the exec and the attach: it must know of the trainee's membership too before they start.
        await Eventually.TrueAsync(async () => (await viaRelay1.RunAsync("get", "pod", pod, "-n", "default")).ExitCode == 0, 30);
        var account = Paralus.Domain.Kubernetes.ServiceAccountNames.ForUser(trainee);
        Assert.Equal(0, (await stack.Cluster.Direct.RunAsync("get", "serviceaccount", account, "-n", "paralus-system")).ExitCode);

        // Every kind of stream, each proven open: a watch and logs -f through relay 0, an interactive exec and an
        // attach through relay 1, and a port-forward (sandbox pods echo on 8080) through relay 0.
        using var watch = viaRelay0.Start("get", "pods", "-n", "default", "-w", "-o", "name");
        using var logs = viaRelay0.Start("logs", "-f", "-n", "default", pod);
        using var exec = viaRelay1.Start("exec", "-i", "-n", "default", pod, "--", "cat");
        using var attach = viaRelay1.Start("attach", "-i", "-n", "default", pod);
        var forwardPort = FreePort.Next();
        using var forward = viaRelay0.Start("port-forward", "-n", "default", $"pod/{pod}", $"{forwardPort}:8080");
        Process[] streams = [watch, logs, exec, attach, forward];
        using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Assert.NotNull(await watch.StandardOutput.ReadLineAsync(ready.Token));
        foreach (var interactive in new[] { exec, attach })
        {
            await interactive.StandardInput.WriteLineAsync("still here");
            await interactive.StandardInput.FlushAsync(ready.Token);
            Assert.Equal("still here", await interactive.StandardOutput.ReadLineAsync(ready.Token));
        }
        Assert.Contains("Forwarding from", await forward.StandardOutput.ReadLineAsync(ready.Token));
        using var forwarded = new System.Net.Sockets.TcpClient();
        await forwarded.ConnectAsync("127.0.0.1", forwardPort, ready.Token);
        var forwardedStream = forwarded.GetStream();
        await forwardedStream.WriteAsync("ping\n"u8.ToArray(), ready.Token);
        var echo = new byte[5];
        await forwardedStream.ReadExactlyAsync(echo, ready.Token);
        Assert.Equal("ping\n"u8.ToArray(), echo);
        Assert.All(streams, s => Assert.False(s.HasExited, "every stream is open before the revocation"));

        try
        {
            var clock = Stopwatch.StartNew();
            await PatchGroupAsync(admin, adminGroup, new UpdateGroupRequest(RemoveUsers: [trainee]));
            var revokedAt = clock.Elapsed;

            using var streamsDeadline = new CancellationTokenSource(StreamsEndWithin);
            // kubectl port-forward may keep listening after its tunnel is gone; what ends is the forwarded connection.
            await Task.WhenAll(watch.WaitForExitAsync(streamsDeadline.Token), logs.WaitForExitAsync(streamsDeadline.Token),
                exec.WaitForExitAsync(streamsDeadline.Token), attach.WaitForExitAsync(streamsDeadline.Token),
                ForwardedConnectionEndsAsync(forwardedStream, streamsDeadline.Token));
            var streamsEnded = clock.Elapsed;

            var next = await viaRelay0.RunAsync("get", "pods", "-n", "default");
            Assert.NotEqual(0, next.ExitCode);
            Assert.Contains($"\"{RelayStack.ClusterName}\"", next.Error);
            Assert.NotEqual(0, (await viaRelay1.RunAsync("get", "pods", "-n", "default")).ExitCode);

            await Eventually.TrueAsync(async () => (await stack.Cluster.Direct.RunAsync("get", "serviceaccount", account, "-n", "paralus-system")).ExitCode != 0,
                (int)AccountGoneWithin.TotalSeconds);
            output.WriteLine($"API call {revokedAt.TotalMilliseconds:F0} ms; all five streams ended at {streamsEnded.TotalMilliseconds:F0} ms; service account gone by {clock.Elapsed.TotalMilliseconds:F0} ms");
        }
        finally
        {
            foreach (var stream in streams) stream.Kill(entireProcessTree: true);
        }

        await PatchGroupAsync(admin, readersGroup, new UpdateGroupRequest(AddUsers: [trainee]));
        await Eventually.TrueAsync(async () => (await viaRelay1.RunAsync("get", "pods", "-n", "default")).ExitCode == 0, 5);
        var delete = await viaRelay0.RunAsync("delete", "pod", pod, "-n", "default");
        Assert.NotEqual(0, delete.ExitCode);
        Assert.Contains("forbidden", delete.Error);
    }

    [Fact]
    public async Task BrokerRestartedMidway_NoAccessEventIsLost()
    {
        var user = $"restart-{stack.Cluster.RunId}@example.com";
        using var admin = stack.Admin();
        await PostAsync(admin, "/api/v1/users", new CreateUserRequest(user, Password: RelayStack.Password));
        await PostAsync(admin, "/api/v1/rolebindings", new CreateRoleBindingRequest("PROJECT_READ_ONLY", User: user, Project: "aws"));
        var viaRelay0 = await stack.KubectlAsAsync(user);
        var viaRelay1 = viaRelay0.WithServer(stack.UserUrlOf(0), stack.UserUrlOf(1));
        await Eventually.TrueAsync(async () => (await viaRelay0.RunAsync("get", "pods", "-n", "default")).ExitCode == 0
                                              && (await viaRelay1.RunAsync("get", "pods", "-n", "default")).ExitCode == 0, 10);

        await stack.Broker.StopAsync();
        try
        {
            // The control plane keeps working without its broker; the event waits in the outbox.
            var deactivate = await admin.PatchAsJsonAsync($"/api/v1/users/{user}", new UpdateUserRequest(Active: false));
            Assert.True(deactivate.IsSuccessStatusCode, await deactivate.Content.ReadAsStringAsync());
            Assert.NotEmpty(await stack.PendingOutboxRowsAsync());
        }
        finally
        {
            await stack.Broker.StartAgainAsync();
        }

        await Eventually.TrueAsync(async () => (await stack.PendingOutboxRowsAsync()).Count == 0, 30);
        await stack.WaitForAccessEventSubscriptionsAsync();
        await Eventually.TrueAsync(async () => (await viaRelay0.RunAsync("get", "pods", "-n", "default")).Error.Contains("deactivated")
                                              && (await viaRelay1.RunAsync("get", "pods", "-n", "default")).Error.Contains("deactivated"), 30);
    }

    [Fact]
    public async Task UserCreatedWhileTheirAccessEventIsHeldUp_IsServedAtOnce()
    {
        var user = $"newcomer-{stack.Cluster.RunId}@example.com";
        using var admin = stack.Admin();
        await stack.Broker.StopAsync();
        try
        {
            // No access event reaches the relays now: they learn of the new user only from the directory itself.
            await PostAsync(admin, "/api/v1/users", new CreateUserRequest(user, Password: RelayStack.Password));
            await PostAsync(admin, "/api/v1/rolebindings", new CreateRoleBindingRequest("PROJECT_READ_ONLY", User: user, Project: "aws"));
            var kubectl = await stack.KubectlAsAsync(user);

            var first = await kubectl.RunAsync("get", "pods", "-n", "default");

            Assert.True(first.ExitCode == 0, first.ToString());
        }
        finally
        {
            await stack.Broker.StartAgainAsync();
        }
        await Eventually.TrueAsync(async () => (await stack.PendingOutboxRowsAsync()).Count == 0, 30);
        await stack.WaitForAccessEventSubscriptionsAsync();
    }

    /// <summary>Completes when the forwarded TCP connection is closed or reset (an echo read returns nothing or fails).</summary>
    private static async Task ForwardedConnectionEndsAsync(Stream forwarded, CancellationToken cancellationToken)
    {
        var buffer = new byte[64];
        try
        {
            while (await forwarded.ReadAsync(buffer, cancellationToken) > 0)
            {
            }
        }
        catch (IOException)
        {
        }
    }

    private static async Task PostAsync<T>(HttpClient client, string path, T body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task PatchGroupAsync(HttpClient client, string group, UpdateGroupRequest body)
    {
        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/groups/{Uri.EscapeDataString(group)}") { Content = JsonContent.Create(body) });
        Assert.True(response.IsSuccessStatusCode, $"PATCH group {group}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
