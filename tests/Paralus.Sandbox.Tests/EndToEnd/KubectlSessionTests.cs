using System.Text.RegularExpressions;
using Paralus.Sandbox.Tests.Infrastructure;

namespace Paralus.Sandbox.Tests.EndToEnd;

/// <summary>The scripted session with the real kubectl binary that issue 3 asks for.</summary>
public sealed partial class KubectlSessionTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static readonly TimeSpan StreamWait = TimeSpan.FromSeconds(30);
    private Kubectl Kubectl => sandbox.Kubectl;

    [Fact]
    public async Task CreateDeployment_TwoReplicas_TwoRunningPods()
    {
        var ns = await NewNamespaceAsync();
        Ok(await Kubectl.RunAsync("create", "deployment", "web", "--image=nginx", "--replicas=2", "-n", ns));

        var phases = await Eventually.ReturnsAsync(
            () => Kubectl.RunAsync("get", "pods", "-n", ns, "-o", "jsonpath={range .items[*]}{.metadata.name} {.status.phase}{\"\\n\"}{end}"),
            r => r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 2);
        var pods = phases.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(pods, line =>
        {
            Assert.Matches(DeploymentPodName(), line.Split(' ')[0]);
            Assert.EndsWith(" Running", line, StringComparison.Ordinal);
        });

        var table = Ok(await Kubectl.RunAsync("get", "pods", "-n", ns));
        Assert.Equal(2, table.Stdout.Split('\n').Count(l => l.Contains("Running", StringComparison.Ordinal) && l.Contains("1/1", StringComparison.Ordinal)));
        var deployments = await Eventually.ReturnsAsync(() => Kubectl.RunAsync("get", "deployment", "web", "-n", ns), r => r.Stdout.Contains("2/2", StringComparison.Ordinal));
        Assert.Contains("web", deployments.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunPod_Directly_IsRunningAtOnce()
    {
        var ns = await NewNamespaceAsync();
        Ok(await Kubectl.RunAsync("run", "solo", "--image=busybox", "-n", ns));
        var phase = Ok(await Kubectl.RunAsync("get", "pod", "solo", "-n", ns, "-o", "jsonpath={.status.phase}"));
        Assert.Equal("Running", phase.Stdout);
    }

    [Fact]
    public async Task GetPodsWatch_NewPodCreated_AppearsInWatch()
    {
        var ns = await NewNamespaceAsync();
        Ok(await Kubectl.RunAsync("run", "first", "--image=nginx", "-n", ns));
        using var watch = Kubectl.StartStreaming("get", "pods", "-w", "-n", ns);
        await watch.WaitForLineAsync(l => l.StartsWith("first", StringComparison.Ordinal), StreamWait);

        Ok(await Kubectl.RunAsync("run", "second", "--image=nginx", "-n", ns));
        var line = await watch.WaitForLineAsync(l => l.StartsWith("second", StringComparison.Ordinal), StreamWait);
        Assert.Contains("Running", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogsFollow_RunningPod_StreamsNewLines()
    {
        var ns = await NewNamespaceAsync();
        Ok(await Kubectl.RunAsync("run", "talker", "--image=nginx", "-n", ns));
        using var logs = Kubectl.StartStreaming("logs", "-f", "talker", "-n", ns);

        await logs.WaitForLineAsync(l => l.Contains("sandbox: ready", StringComparison.Ordinal), StreamWait);
        var first = Heartbeat(await logs.WaitForLineAsync(l => l.Contains("heartbeat", StringComparison.Ordinal), StreamWait));
        // Five intervals later: that line cannot have been in the initial dump, it was streamed.
        await logs.WaitForLineAsync(l => l.Contains("heartbeat", StringComparison.Ordinal) && Heartbeat(l) >= first + 5, StreamWait);
        Assert.False(logs.HasExited, "kubectl logs -f should keep following");
    }

    [Fact]
    public async Task Exec_Echo_PrintsHi()
    {
        var (ns, pod) = await DeploymentPodAsync();
        var result = Ok(await Kubectl.RunAsync("exec", pod, "-n", ns, "--", "echo", "hi"));
        Assert.Equal("hi\n", result.Stdout);
    }

    [Fact]
    public async Task Exec_ShExit3_KubectlExitsWith3()
    {
        var (ns, pod) = await DeploymentPodAsync();
        var result = await Kubectl.RunAsync("exec", pod, "-n", ns, "--", "sh", "-c", "exit 3");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("command terminated with exit code 3", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_CatWithStdin_EchoesInputUntilClosed()
    {
        var (ns, pod) = await DeploymentPodAsync();
        var result = Ok(await Kubectl.RunWithStdinAsync("line one\nline two\n", "exec", "-i", pod, "-n", ns, "--", "cat"));
        Assert.Equal("line one\nline two\n", result.Stdout);
    }

    [Fact]
    public async Task Cp_ToThePodAndBack_KeepsTheBytes()
    {
        var (ns, pod) = await DeploymentPodAsync();
        var folder = Directory.CreateTempSubdirectory("paralus-cp-").FullName;
        var original = Path.Combine(folder, "report.bin");
        var bytes = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7 % 251)).ToArray();
        await File.WriteAllBytesAsync(original, bytes);

        Ok(await Kubectl.RunAsync("cp", original, $"{ns}/{pod}:/tmp/report.bin"));
        Assert.Equal("report.bin\n", Ok(await Kubectl.RunAsync("exec", pod, "-n", ns, "--", "ls", "/tmp")).Stdout);

        var copied = Path.Combine(folder, "back.bin");
        Ok(await Kubectl.RunAsync("cp", $"{ns}/{pod}:/tmp/report.bin", copied));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(copied));

        var missing = await Kubectl.RunAsync("cp", $"{ns}/{pod}:/tmp/none.bin", Path.Combine(folder, "none.bin"));
        Assert.NotEqual(0, missing.ExitCode);
        Assert.False(File.Exists(Path.Combine(folder, "none.bin")));
    }

    [Fact]
    public async Task Exec_UnknownCommand_Exits127WithMessage()
    {
        var (ns, pod) = await DeploymentPodAsync();
        var result = await Kubectl.RunAsync("exec", pod, "-n", ns, "--", "no-such-tool");
        Assert.Equal(127, result.ExitCode);
        Assert.Contains("executable file not found", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthCanI_AsServiceAccount_AnswersPerItsRbac()
    {
        var ns = await NewNamespaceAsync();
        Ok(await Kubectl.RunAsync("create", "serviceaccount", "reader", "-n", ns));
        var token = Ok(await Kubectl.RunAsync("create", "token", "reader", "-n", ns)).Stdout.Trim();

        var before = await Kubectl.RunAsync("auth", "can-i", "list", "pods", "-n", ns, "--token", token);
        Assert.Equal(("no", 1), (before.Stdout.Trim(), before.ExitCode));

        Ok(await Kubectl.RunAsync("create", "rolebinding", "reader-view", "--clusterrole=view", $"--serviceaccount={ns}:reader", "-n", ns));
        var after = await Kubectl.RunAsync("auth", "can-i", "list", "pods", "-n", ns, "--token", token);
        Assert.Equal(("yes", 0), (after.Stdout.Trim(), after.ExitCode));

        var elsewhere = await Kubectl.RunAsync("auth", "can-i", "list", "pods", "-n", "default", "--token", token);
        Assert.Equal("no", elsewhere.Stdout.Trim());
        var exec = await Kubectl.RunAsync("auth", "can-i", "create", "pods/exec", "-n", ns, "--token", token);
        Assert.Equal("no", exec.Stdout.Trim());
        var asAdmin = await Kubectl.RunAsync("auth", "can-i", "list", "pods", "-n", ns, $"--as=system:serviceaccount:{ns}:reader");
        Assert.Equal("yes", asAdmin.Stdout.Trim());
    }

    [Fact]
    public async Task ForbiddenList_PrintsTheApiserverMessage()
    {
        await Kubectl.RunAsync("create", "namespace", "paralus-system");
        Ok(await Kubectl.RunAsync("create", "serviceaccount", "x", "-n", "paralus-system"));
        var token = Ok(await Kubectl.RunAsync("create", "token", "x", "-n", "paralus-system")).Stdout.Trim();

        var result = await Kubectl.RunAsync("get", "pods", "-n", "default", "--token", token);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "Error from server (Forbidden): pods is forbidden: User \"system:serviceaccount:paralus-system:x\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\"",
            result.Stderr.Trim());
    }

    [Fact]
    public async Task TokenRequest_ServiceAccountDeleted_TokenRejectedAtOnce()
    {
        var ns = await NewNamespaceAsync();
        Ok(await Kubectl.RunAsync("create", "serviceaccount", "short-lived", "-n", ns));
        var token = Ok(await Kubectl.RunAsync("create", "token", "short-lived", "-n", ns)).Stdout.Trim();
        var whoami = Ok(await Kubectl.RunAsync("auth", "whoami", "--token", token, "-o", "jsonpath={.status.userInfo.username}"));
        Assert.Equal($"system:serviceaccount:{ns}:short-lived", whoami.Stdout);

        Ok(await Kubectl.RunAsync("delete", "serviceaccount", "short-lived", "-n", ns));

        var rejected = await Kubectl.RunAsync("auth", "whoami", "--token", token);
        Assert.NotEqual(0, rejected.ExitCode);
        Assert.Contains("Unauthorized", rejected.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Impersonation_WithoutPermission_IsForbidden()
    {
        var ns = await NewNamespaceAsync();
        Ok(await Kubectl.RunAsync("create", "serviceaccount", "plain", "-n", ns));
        var token = Ok(await Kubectl.RunAsync("create", "token", "plain", "-n", ns)).Stdout.Trim();

        var result = await Kubectl.RunAsync("get", "pods", "-n", ns, "--token", token, "--as=admin");

        Assert.Contains("Error from server (Forbidden): users \"admin\" is forbidden: User \"system:serviceaccount:" + ns + ":plain\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoleBinding_GrantingMoreThanTheCallerHolds_IsForbidden()
    {
        var ns = await NewNamespaceAsync();
        Ok(await Kubectl.RunAsync("create", "serviceaccount", "binder", "-n", ns));
        Ok(await Kubectl.RunAsync("create", "role", "binder", "--verb=create,get", "--resource=rolebindings.rbac.authorization.k8s.io,roles.rbac.authorization.k8s.io", "-n", ns));
        Ok(await Kubectl.RunAsync("create", "role", "pod-reader", "--verb=get,list", "--resource=pods", "-n", ns));
        Ok(await Kubectl.RunAsync("create", "rolebinding", "binder", "--role=binder", $"--serviceaccount={ns}:binder", "-n", ns));
        Ok(await Kubectl.RunAsync("create", "rolebinding", "binder-reads", "--role=pod-reader", $"--serviceaccount={ns}:binder", "-n", ns));
        var token = Ok(await Kubectl.RunAsync("create", "token", "binder", "-n", ns)).Stdout.Trim();

        Ok(await Kubectl.RunAsync("create", "rolebinding", "fine", "--role=pod-reader", "--user=someone", "-n", ns, "--token", token));
        var escalation = await Kubectl.RunAsync("create", "rolebinding", "too-much", "--clusterrole=edit", "--user=someone", "-n", ns, "--token", token);
        Assert.Contains("is attempting to grant RBAC permissions not currently held", escalation.Stderr, StringComparison.Ordinal);
        var role = await Kubectl.RunAsync("create", "role", "bigger", "--verb=delete", "--resource=pods", "-n", ns, "--token", token);
        Assert.Contains("is attempting to grant RBAC permissions not currently held", role.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_NodesAndNamespaces_PrintTables()
    {
        var nodes = Ok(await Kubectl.RunAsync("get", "nodes"));
        Assert.Matches(@"(?m)^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$", nodes.Stdout);
        Assert.Matches(@"(?m)^sandbox-node-1\s+Ready\s+control-plane\s+\S+\s+v1\.32\.0$", nodes.Stdout);
        Assert.Matches(@"(?m)^sandbox-node-2\s+Ready\s+<none>", nodes.Stdout);

        var namespaces = Ok(await Kubectl.RunAsync("get", "namespaces"));
        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
            Assert.Matches($@"(?m)^{ns}\s+Active\s+", namespaces.Stdout);
    }

    [Fact]
    public async Task ApiResources_ListsTheServedKinds()
    {
        var result = Ok(await Kubectl.RunAsync("api-resources", "--no-headers"));
        foreach (var expected in new[] { "pods ", "deployments ", "clusterrolebindings ", "selfsubjectaccessreviews ", "tokenreviews " })
            Assert.Contains(result.Stdout.Split('\n'), l => l.StartsWith(expected, StringComparison.Ordinal));
        Assert.Matches(@"(?m)^pods\s+po\s+v1\s+true\s+Pod", result.Stdout);
    }

    [Fact]
    public async Task ApplyAndDeleteNamespace_CascadesToItsObjects()
    {
        var ns = await NewNamespaceAsync();
        var manifest = $$"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
              namespace: {{ns}}
            data:
              mode: first
            """;
        Ok(await Kubectl.RunWithStdinAsync(manifest, "apply", "-f", "-"));
        Ok(await Kubectl.RunWithStdinAsync(manifest.Replace("first", "second", StringComparison.Ordinal), "apply", "-f", "-"));
        Assert.Equal("second", Ok(await Kubectl.RunAsync("get", "configmap", "settings", "-n", ns, "-o", "jsonpath={.data.mode}")).Stdout);

        Ok(await Kubectl.RunAsync("delete", "namespace", ns));
        var gone = await Kubectl.RunAsync("get", "configmap", "settings", "-n", ns);
        Assert.Contains("NotFound", gone.Stderr, StringComparison.Ordinal);
    }

    private static int Heartbeat(string line) => int.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    private async Task<string> NewNamespaceAsync()
    {
        var ns = $"t-{Guid.NewGuid():N}"[..14];
        Ok(await Kubectl.RunAsync("create", "namespace", ns));
        return ns;
    }

    private async Task<(string Namespace, string Pod)> DeploymentPodAsync()
    {
        var ns = await NewNamespaceAsync();
        Ok(await Kubectl.RunAsync("create", "deployment", "web", "--image=nginx", "--replicas=1", "-n", ns));
        var name = await Eventually.ReturnsAsync(
            () => Kubectl.RunAsync("get", "pods", "-n", ns, "-o", "jsonpath={.items[0].metadata.name}"),
            r => r.ExitCode == 0 && r.Stdout.Length > 0);
        return (ns, name.Stdout);
    }

    private static KubectlResult Ok(KubectlResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    [GeneratedRegex("^web-[a-z0-9]{10}-[a-z0-9]{5}$")]
    private static partial Regex DeploymentPodName();
}
