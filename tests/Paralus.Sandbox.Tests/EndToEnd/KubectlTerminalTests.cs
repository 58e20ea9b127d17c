using Paralus.Sandbox.Tests.Infrastructure;

namespace Paralus.Sandbox.Tests.EndToEnd;

/// <summary>
/// <c>-it</c> sessions as a user at a terminal has them: kubectl on a pseudo-terminal in raw mode, a command typed
/// at the sandbox's shell prompt, then Ctrl-D, which must end the shell and with it kubectl.
/// </summary>
public sealed class KubectlTerminalTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private const string CtrlD = "\u0004";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("1.27")]
    [InlineData("1.30")]
    [InlineData("1.33")]
    [InlineData("default")]
    public async Task RunRmIt_CommandThenCtrlD_EndsAndDeletesThePod(string version)
    {
        var pod = $"rm-{Guid.NewGuid():N}"[..12];
        using var session = sandbox.Kubectl.Version(version).StartInTerminal("run", "--rm", "-it", pod, "--image=busybox", "--", "sh");

        await TypeAtPromptAsync(session);

        Assert.Equal(0, await session.WaitForExitAsync(Wait));
        Assert.Contains($"pod \"{pod}\" deleted", session.Output, StringComparison.Ordinal);
        var gone = await sandbox.Kubectl.RunAsync("get", "pod", pod);
        Assert.Contains("NotFound", gone.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.27", "false")]
    [InlineData("1.30", "true")]
    [InlineData("1.33", "false")]
    [InlineData("default", "true")]
    public async Task ExecIt_CommandThenCtrlD_Ends(string version, string websockets)
    {
        var pod = await PodAsync();
        using var session = sandbox.Kubectl.Version(version).With("KUBECTL_REMOTE_COMMAND_WEBSOCKETS", websockets)
            .StartInTerminal("exec", "-it", pod, "--", "sh");

        await TypeAtPromptAsync(session);

        Assert.Equal(0, await session.WaitForExitAsync(Wait));
    }

    [Theory]
    [InlineData("1.27")]
    [InlineData("1.30")]
    [InlineData("1.33")]
    [InlineData("default")]
    public async Task DebugIt_EphemeralContainerShellThenCtrlD_Ends(string version)
    {
        var pod = await PodAsync();
        using var session = sandbox.Kubectl.Version(version).StartInTerminal("debug", "-it", pod, "--image=busybox", $"--target={pod}");

        await TypeAtPromptAsync(session);

        Assert.Equal(0, await session.WaitForExitAsync(Wait));
        Assert.DoesNotContain("panic", session.Output, StringComparison.Ordinal);
    }

    /// <summary>Waits for the shell's prompt (kubectl has set raw mode by then), runs a command, then types Ctrl-D.</summary>
    private static async Task TypeAtPromptAsync(TerminalKubectl session)
    {
        await session.WaitForOutputAsync("/ # ", Wait);
        await session.TypeAsync("echo typed-$HOSTNAME\r");
        await session.WaitForOutputAsync("\r\ntyped-", Wait);
        await session.TypeAsync(CtrlD);
    }

    private async Task<string> PodAsync()
    {
        var name = $"t-{Guid.NewGuid():N}"[..12];
        var result = await sandbox.Kubectl.RunAsync("run", name, "--image=busybox");
        Assert.True(result.ExitCode == 0, result.ToString());
        return name;
    }
}
