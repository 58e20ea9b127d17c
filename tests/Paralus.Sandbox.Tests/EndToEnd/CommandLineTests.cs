using System.Diagnostics;
using Paralus.Sandbox.Tests.Infrastructure;

namespace Paralus.Sandbox.Tests.EndToEnd;

/// <summary>The <c>paralus-sandbox</c> command: ready line, kubeconfig, state saved on SIGTERM.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("paralus-sandbox-cli");

    [Fact]
    public async Task Run_PrintsReadyLine_ServesKubectl_AndSavesStateOnSigterm()
    {
        var kubeconfig = Path.Combine(_directory.FullName, "kubeconfig");
        var state = Path.Combine(_directory.FullName, "state.json");
        var kubectl = new Kubectl(kubeconfig, Path.Combine(_directory.FullName, "home"));

        var server = await StartAsync(kubeconfig, state);
        var first = (await kubectl.RunAsync("get", "namespace", "kube-system", "-o", "jsonpath={.metadata.uid}")).Stdout;
        Assert.Equal(0, (await kubectl.RunAsync("create", "namespace", "survives")).ExitCode);
        await StopAsync(server);
        Assert.True(File.Exists(state));

        var again = await StartAsync(kubeconfig, state);
        Assert.Equal(first, (await kubectl.RunAsync("get", "namespace", "kube-system", "-o", "jsonpath={.metadata.uid}")).Stdout);
        Assert.Equal(0, (await kubectl.RunAsync("get", "namespace", "survives")).ExitCode);
        await StopAsync(again);
    }

    [Fact]
    public async Task Run_WithUnknownArgument_PrintsUsageAndExits2()
    {
        using var process = Process.Start(StartInfo("--bogus"))!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("usage: paralus-sandbox", stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private static async Task<Process> StartAsync(string kubeconfig, string state)
    {
        var process = Process.Start(StartInfo("--port", "0", "--kubeconfig-out", kubeconfig, "--state-file", state, "--name", "cli-test"))!;
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await process.StandardOutput.ReadLineAsync(cancel.Token);
        Assert.Matches("^sandbox ready: https://127\\.0\\.0\\.1:[0-9]+$", line);
        Assert.Contains("current-context: cli-test", await File.ReadAllTextAsync(kubeconfig, cancel.Token), StringComparison.Ordinal);
        return process;
    }

    private static async Task StopAsync(Process process)
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(cancel.Token);
        Assert.Equal(0, process.ExitCode);
        process.Dispose();
    }

    private static ProcessStartInfo StartInfo(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "paralus-sandbox.dll"));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        return info;
    }
}
