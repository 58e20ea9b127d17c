using System.Net;
using System.Net.Http.Json;
using Paralus.Domain.Contracts;

namespace Paralus.Relay.Tests;

/// <summary>Real kubectl → relay → tunnel → agent → sandbox, as each seed persona.</summary>
[Collection(RelayStackCollection.Name)]
public sealed class KubectlThroughRelayTests(RelayStack stack)
{
    [Fact]
    public async Task Admin_GetsCreatesExecsAndReadsLogs()
    {
        var kubectl = await stack.KubectlAsAsync(stack.ControlPlane.AdminUser);
        var namespaces = await kubectl.RunAsync("get", "namespaces");
        Assert.True(namespaces.ExitCode == 0, namespaces.ToString());
        Assert.Contains("apple", namespaces.Output);

        var deployment = "web-" + stack.Cluster.RunId;
        var create = await kubectl.RunAsync("create", "deployment", deployment, "--image=nginx", "--replicas=2", "-n", "apple");
        Assert.True(create.ExitCode == 0, create.ToString());
        await kubectl.RunAsync("label", "deployment", deployment, "-n", "apple", $"paralus-e2e={stack.Cluster.RunId}");
        var pod = await WaitForRunningPodAsync(kubectl, "apple", deployment + "-");

        var exec = await kubectl.RunAsync("exec", "-n", "apple", pod, "--", "echo", "hi");
        Assert.True(exec.ExitCode == 0, exec.ToString());
        Assert.Equal("hi", exec.Output.Trim());
        var failing = await kubectl.RunAsync("exec", "-n", "apple", pod, "--", "sh", "-c", "exit 3");
        Assert.Equal(3, failing.ExitCode);

        var logged = await RunPodAsync(kubectl, "apple", "logger");
        var logs = await kubectl.RunAsync("logs", "-n", "apple", logged);
        Assert.True(logs.ExitCode == 0 && logs.Output.Length > 0, logs.ToString());
    }

    [Fact]
    public async Task Exec_OverSpdy_PassesThrough()
    {
        var kubectl = await stack.KubectlAsAsync(stack.ControlPlane.AdminUser);
        var pod = await RunPodAsync(kubectl, "default", "spdy");

        // kubectl skips WebSocket and upgrades with SPDY/3.1 straight away.
        var exec = await kubectl.RunWithEnvironmentAsync(new Dictionary<string, string> { ["KUBECTL_REMOTE_COMMAND_WEBSOCKETS"] = "false" },
            "exec", "-n", "default", pod, "--", "echo", "over-spdy");
        Assert.True(exec.ExitCode == 0, exec.ToString());
        Assert.Equal("over-spdy", exec.Output.Trim());
    }

    [Fact]
    public async Task Cp_ToAPodAndBack_OverWebSocketAndSpdy()
    {
        var kubectl = await stack.KubectlAsAsync(stack.ControlPlane.AdminUser);
        var pod = await RunPodAsync(kubectl, "default", "copied");
        var folder = Directory.CreateTempSubdirectory("paralus-relay-cp-").FullName;
        var original = Path.Combine(folder, "config.bin");
        var bytes = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 13 % 256)).ToArray();
        await File.WriteAllBytesAsync(original, bytes);

        foreach (var websockets in new[] { "true", "false" })
        {
            var environment = new Dictionary<string, string> { ["KUBECTL_REMOTE_COMMAND_WEBSOCKETS"] = websockets };
            var up = await kubectl.RunWithEnvironmentAsync(environment, "cp", original, $"default/{pod}:/tmp/config-{websockets}.bin");
            Assert.True(up.ExitCode == 0, up.ToString());
            var copied = Path.Combine(folder, $"back-{websockets}.bin");
            var down = await kubectl.RunWithEnvironmentAsync(environment, "cp", $"default/{pod}:/tmp/config-{websockets}.bin", copied);
            Assert.True(down.ExitCode == 0, down.ToString());
            Assert.Equal(bytes, await File.ReadAllBytesAsync(copied));
        }
    }

    [SkippableFact]
    public async Task PortForward_CarriesBytesBothWays()
    {
        Skip.IfNot(stack.Cluster.IsSandbox, "needs a pod that echoes on port 8080, which every sandbox pod does");
        var kubectl = await stack.KubectlAsAsync(stack.ControlPlane.AdminUser);
        var pod = await RunPodAsync(kubectl, "default", "forwarded");
        var localPort = FreePort.Next();
        using var forward = kubectl.Start("port-forward", "-n", "default", $"pod/{pod}", $"{localPort}:8080");
        try
        {
            await Eventually.TrueAsync(async () => (await forward.StandardOutput.ReadLineAsync())?.Contains("Forwarding from") == true);
            using var client = new System.Net.Sockets.TcpClient();
            await client.ConnectAsync("127.0.0.1", localPort);
            var stream = client.GetStream();
            var payload = System.Text.Encoding.ASCII.GetBytes("through the relay and back\n");
            await stream.WriteAsync(payload);
            var echo = new byte[payload.Length];
            var read = 0;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while (read < echo.Length) read += await stream.ReadAsync(echo.AsMemory(read), timeout.Token);
            Assert.Equal(payload, echo);
        }
        finally
        {
            forward.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task WatchStream_SeesNewPodsAppear()
    {
        var kubectl = await stack.KubectlAsAsync(RelayStack.Virat);
        using var watch = kubectl.Start("get", "pods", "-n", "default", "-w", "-o", "name");
        try
        {
            await Task.Delay(1500);
            var name = "watched-" + stack.Cluster.RunId;
            var created = await kubectl.RunAsync(PodCommand("default", name));
            Assert.True(created.ExitCode == 0, created.ToString());
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while (await watch.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.Contains("pod/" + name)) return;
            }
            Assert.Fail("the watch through the relay never showed the new pod");
        }
        finally
        {
            watch.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task NamespaceAdmin_StaysInsideHerNamespace_WithTheApiserversWording()
    {
        var sally = await stack.KubectlAsAsync(RelayStack.Sally);

        var own = await sally.RunAsync("create", "configmap", "settings", "--from-literal=a=b", "-n", "apple");
        Assert.True(own.ExitCode == 0, own.ToString());
        Assert.Equal(0, (await sally.RunAsync("get", "configmaps", "-n", "apple")).ExitCode);

        var namespaces = await sally.RunAsync("get", "namespaces");
        Assert.NotEqual(0, namespaces.ExitCode);
        Assert.Contains("namespaces is forbidden: User \"sally@example.com\" cannot list resource \"namespaces\" in API group \"\" at the cluster scope", namespaces.Error);

        var other = await sally.RunAsync("get", "pods", "-n", "default");
        Assert.Contains("pods is forbidden: User \"sally@example.com\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\"", other.Error);

        // Impersonation never reaches the cluster: she is told so, and stays herself.
        var impersonating = await sally.RunAsync("get", "pods", "-n", "default", "--as", "admin", "--as-group", "system:masters");
        Assert.NotEqual(0, impersonating.ExitCode);
        Assert.Contains("impersonation is not available through Paralus", impersonating.Error);
    }

    [Fact]
    public async Task ProjectReadOnly_CanRead_ButNotDeleteExecOrReadSecrets()
    {
        var admin = await stack.KubectlAsAsync(stack.ControlPlane.AdminUser);
        var pod = await RunPodAsync(admin, "apple", "readme");
        var reader = await stack.KubectlAsAsync(RelayStack.Reader);

        Assert.Equal(0, (await reader.RunAsync("get", "pods", "-n", "apple")).ExitCode);
        var delete = await reader.RunAsync("delete", "pod", pod, "-n", "apple");
        Assert.Contains("cannot delete resource \"pods\"", delete.Error);
        var exec = await reader.RunAsync("exec", "-n", "apple", pod, "--", "echo", "hi");
        Assert.NotEqual(0, exec.ExitCode);
        Assert.Contains("forbidden", exec.Error);
        // cp runs tar through exec, so it is refused the same way.
        var folder = Directory.CreateTempSubdirectory("paralus-relay-cp-").FullName;
        var copy = await reader.RunAsync("cp", $"apple/{pod}:/etc/hostname", Path.Combine(folder, "hostname"));
        Assert.NotEqual(0, copy.ExitCode);
        Assert.Contains("forbidden", copy.Error);
        Assert.False(File.Exists(Path.Combine(folder, "hostname")));
        var secrets = await reader.RunAsync("get", "secrets", "-n", "apple");
        Assert.Contains("cannot list resource \"secrets\"", secrets.Error);
    }

    [Fact]
    public async Task HiddenAndMissingClusters_LookTheSame()
    {
        // The control plane will not issue a kubeconfig for either, so the outsider points a session token at them.
        var token = await stack.ControlPlane.LoginAsync(RelayStack.Outsider, RelayStack.Password);
        var hidden = await stack.KubectlWithToken("outsider", token, RelayStack.ClusterName).RunAsync("get", "pods");
        var missing = await stack.KubectlWithToken("outsider", token, "no-such-cluster").RunAsync("get", "pods");
        Assert.NotEqual(0, hidden.ExitCode);
        Assert.Equal(hidden.Message.Replace(RelayStack.ClusterName, "X"), missing.Message.Replace("no-such-cluster", "X"));
    }

    [Fact]
    public async Task ForgedOrMissingTokens_AreUnauthorized()
    {
        var forged = stack.KubectlWithToken("forger", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl");
        var result = await forged.RunAsync("get", "pods");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("You must be logged in to the server", result.Message);
    }

    [Fact]
    public async Task DeactivatedUser_IsRefusedOnTheNextCommand()
    {
        using var admin = stack.Admin();
        var user = "leaver-" + Guid.NewGuid().ToString("N")[..6] + "@example.com";
        (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest(user, Password: RelayStack.Password))).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/rolebindings", new CreateRoleBindingRequest("PROJECT_ADMIN", User: user, Project: "aws"))).EnsureSuccessStatusCode();
        var kubectl = await stack.KubectlAsAsync(user);
        await Eventually.TrueAsync(async () => (await kubectl.RunAsync("get", "pods", "-n", "default")).ExitCode == 0);

        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/users/{user}") { Content = JsonContent.Create(new UpdateUserRequest(Active: false)) };
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(patch)).StatusCode);

        await Eventually.TrueAsync(async () => (await kubectl.RunAsync("get", "pods", "-n", "default")).Message.Contains("You must be logged in to the server"));
    }

    /// <summary>A long-running pod unique to this run (labelled so a real cluster is cleaned up), once it is Running.</summary>
    private async Task<string> RunPodAsync(Kubectl kubectl, string ns, string baseName)
    {
        var name = $"{baseName}-{stack.Cluster.RunId}";
        var created = await kubectl.RunAsync(PodCommand(ns, name));
        Assert.True(created.ExitCode == 0, created.ToString());
        return await WaitForRunningPodAsync(kubectl, ns, name);
    }

    private string[] PodCommand(string ns, string name) =>
        ["run", name, "-n", ns, "--image=busybox", "--restart=Never", $"--labels=paralus-e2e={stack.Cluster.RunId}", "--command", "--", "sh", "-c", "echo started; sleep 3600"];

    private static async Task<string> WaitForRunningPodAsync(Kubectl kubectl, string ns, string prefix)
    {
        string? found = null;
        await Eventually.TrueAsync(seconds: 120, condition: async () =>
        {
            var pods = await kubectl.RunAsync("get", "pods", "-n", ns, "--no-headers");
            found = pods.Output.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .FirstOrDefault(c => c.Length >= 3 && c[0].StartsWith(prefix) && c[2] == "Running")?[0];
            return found is not null;
        });
        return found!;
    }
}
