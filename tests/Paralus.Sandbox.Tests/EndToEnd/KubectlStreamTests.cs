using System.Net.Sockets;
using System.Text.RegularExpressions;
using Paralus.Sandbox.Tests.Infrastructure;

namespace Paralus.Sandbox.Tests.EndToEnd;

/// <summary>
/// kubectl exec over SPDY/3.1, kubectl port-forward (WebSocket tunnel and SPDY) against the echo ports, and kubectl
/// debug with an ephemeral container (across kubectl versions).
/// </summary>
public sealed partial class KubectlStreamTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static readonly TimeSpan StreamWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ExecOverSpdy_EchoExitCodeAndStdin()
    {
        var pod = await PodAsync();
        var spdy = sandbox.Kubectl.With("KUBECTL_REMOTE_COMMAND_WEBSOCKETS", "false");

        var hi = await spdy.RunAsync("exec", pod, "--", "echo", "hi");
        Assert.Equal((0, "hi\n"), (hi.ExitCode, hi.Stdout));

        var failed = await spdy.RunAsync("exec", pod, "--", "sh", "-c", "echo out; echo err >&2; exit 3");
        Assert.Equal(3, failed.ExitCode);
        Assert.Equal("out\n", failed.Stdout);
        Assert.StartsWith("err\n", failed.Stderr, StringComparison.Ordinal);

        var cat = await spdy.RunWithStdinAsync("through spdy\n", "exec", "-i", pod, "--", "cat");
        Assert.Equal((0, "through spdy\n"), (cat.ExitCode, cat.Stdout));
    }

    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public async Task PortForward_AnyPort_EchoesBytes(string websockets)
    {
        var pod = await PodAsync();
        using var forward = sandbox.Kubectl.With("KUBECTL_PORT_FORWARD_WEBSOCKETS", websockets).StartStreaming("port-forward", $"pod/{pod}", ":8080");
        var line = await forward.WaitForLineAsync(l => l.StartsWith("Forwarding from 127.0.0.1:", StringComparison.Ordinal), StreamWait);
        var port = int.Parse(LocalPort().Match(line).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        var payload = new byte[300_000];
        new Random(3).NextBytes(payload);
        var writing = stream.WriteAsync(payload).AsTask();
        var echoed = new byte[payload.Length];
        using var cancel = new CancellationTokenSource(StreamWait);
        await stream.ReadExactlyAsync(echoed, cancel.Token);
        await writing;
        Assert.Equal(payload, echoed);
    }

    [Theory]
    [InlineData("1.27")]
    [InlineData("1.30")]
    [InlineData("1.33")]
    [InlineData("default")]
    public async Task Debug_PipedCommands_RunInAnEphemeralContainer(string version)
    {
        var pod = await PodAsync();
        var kubectl = sandbox.Kubectl.Version(version);

        var debug = await kubectl.RunWithStdinAsync("echo from-debug\n", "debug", "-i", pod, "--image=busybox", $"--target={pod}", "--container=dbg");
        Assert.True(debug.ExitCode == 0, debug.ToString());
        Assert.Contains("from-debug\n", debug.Stdout, StringComparison.Ordinal);

        var oneShot = await kubectl.RunAsync("debug", pod, "--image=busybox", "--container=once", "--", "echo", "hi");
        Assert.True(oneShot.ExitCode == 0, oneShot.ToString());
        // The shell of "dbg" ended with its stdin; "once" ran no attached process, so it stays running here.
        var state = await kubectl.RunAsync("get", "pod", pod, "-o",
            "jsonpath={range .status.ephemeralContainerStatuses[*]}{.name}={.state.terminated.reason}{.state.running.startedAt}{\"\\n\"}{end}");
        Assert.Matches("^dbg=Completed\nonce=.+\n$", state.Stdout);
    }

    [Theory]
    [InlineData("1.27")]
    [InlineData("default")]
    public async Task RunRmRestartNever_ShellExits3_KubectlExits3AndDeletesThePod(string version)
    {
        var pod = $"n-{Guid.NewGuid():N}"[..12];

        var run = await sandbox.Kubectl.Version(version).RunWithStdinAsync("echo piped\nexit 3\necho never\n",
            "run", "--rm", "-i", "--restart=Never", pod, "--image=busybox", "--", "sh");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Equal("piped\n", run.Stdout.Split("pod \"")[0]);
        Assert.Contains($"pod default/{pod} terminated (Error)", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("NotFound", (await sandbox.Kubectl.RunAsync("get", "pod", pod)).Stderr, StringComparison.Ordinal);
    }

    private async Task<string> PodAsync()
    {
        var name = $"p-{Guid.NewGuid():N}"[..12];
        var result = await sandbox.Kubectl.RunAsync("run", name, "--image=busybox");
        Assert.True(result.ExitCode == 0, result.ToString());
        return name;
    }

    [GeneratedRegex(@"127\.0\.0\.1:([0-9]+) ->")]
    private static partial Regex LocalPort();
}
