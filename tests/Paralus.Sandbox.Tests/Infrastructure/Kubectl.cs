using System.Diagnostics;

namespace Paralus.Sandbox.Tests.Infrastructure;

/// <summary>Runs the real <c>/usr/bin/kubectl</c> (or another binary) against a sandbox kubeconfig, with its own HOME (discovery cache).</summary>
public sealed class Kubectl(string kubeconfig, string home, IReadOnlyDictionary<string, string>? environment = null, string binary = Kubectl.Binary)
{
    public const string Binary = "/usr/bin/kubectl";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The same kubectl with extra environment variables (e.g. to force SPDY).</summary>
    public Kubectl With(string name, string value) =>
        new(kubeconfig, home, new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { [name] = value }, binary);

    /// <summary>
    /// Another kubectl release from the Cloud SDK (<c>1.27</c> … <c>1.33</c>), or <c>default</c> for
    /// <c>/usr/bin/kubectl</c>, with a HOME of its own so that versions do not share a cache.
    /// </summary>
    public Kubectl Version(string version) => version == "default"
        ? this
        : new(kubeconfig, $"{home}-{version}", environment, $"/usr/lib/google-cloud-sdk/bin/kubectl.{version}");

    /// <summary>Starts kubectl on a pseudo-terminal (util-linux <c>script</c>), as a user at a shell runs <c>-it</c> commands.</summary>
    public TerminalKubectl StartInTerminal(params string[] args)
    {
        Directory.CreateDirectory(home);
        var info = new ProcessStartInfo("script")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["-qec", string.Join(' ', args.Prepend(binary).Select(Quote)), "/dev/null"]) info.ArgumentList.Add(arg);
        SetEnvironment(info);
        return new TerminalKubectl(Process.Start(info) ?? throw new InvalidOperationException("script did not start"));
    }

    public Task<KubectlResult> RunAsync(params string[] args) => RunWithStdinAsync(null, args);

    public async Task<KubectlResult> RunWithStdinAsync(string? stdin, params string[] args)
    {
        using var process = Start(args, redirectStdin: stdin is not null);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish within {Timeout}");
        }
        return new KubectlResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts a long-running kubectl (watch, logs -f) whose output lines arrive one by one.</summary>
    public StreamingKubectl StartStreaming(params string[] args) => new(Start(args, redirectStdin: false));

    private Process Start(string[] args, bool redirectStdin)
    {
        Directory.CreateDirectory(home);
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            UseShellExecute = false,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        SetEnvironment(info);
        return Process.Start(info) ?? throw new InvalidOperationException("kubectl did not start");
    }

    private void SetEnvironment(ProcessStartInfo info)
    {
        info.Environment["KUBECONFIG"] = kubeconfig;
        info.Environment["HOME"] = home;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
    }

    private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
