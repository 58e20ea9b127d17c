using System.Diagnostics;

namespace Paralus.Testing;

/// <summary>The machine's real kubectl, with a kubeconfig of the test's.</summary>
public sealed class Kubectl(string kubeconfig)
{
    private const string Binary = "/usr/bin/kubectl";

    public sealed record Result(int ExitCode, string Output, string Error)
    {
        /// <summary>kubectl's message to the user: its last stderr line, after any timestamped discovery log lines.</summary>
        public string Message => Error.TrimEnd().Split('\n')[^1];

        public override string ToString() => $"exit {ExitCode}\nstdout: {Output}\nstderr: {Error}";
    }

    public async Task<Result> RunAsync(params string[] args) => await RunAsync(TimeSpan.FromSeconds(60), null, args);

    public Task<Result> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunAsync(TimeSpan.FromSeconds(60), environment, args);

    private async Task<Result> RunAsync(TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, string[] args)
    {
        using var process = Start(environment, args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish within {timeout}");
        }
        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>The same kubeconfig pointed at another relay.</summary>
    public Kubectl WithServer(Uri from, Uri to)
    {
        var copy = Path.Combine(Path.GetDirectoryName(kubeconfig)!, "config-" + to.Port);
        File.WriteAllText(copy, File.ReadAllText(kubeconfig).Replace(from.ToString().TrimEnd('/'), to.ToString().TrimEnd('/')));
        return new Kubectl(copy);
    }

    /// <summary>A long-running kubectl (watch, logs -f) whose output the test reads as it comes.</summary>
    public Process Start(params string[] args) => Start(null, args);

    private Process Start(IReadOnlyDictionary<string, string>? environment, string[] args)
    {
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfig);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["HOME"] = Path.GetDirectoryName(kubeconfig)!;
        return Process.Start(start)!;
    }

    /// <summary>A kubeconfig for one user on one cluster through the relay, authenticated by a bearer token.</summary>
    public static string WriteKubeconfig(string folder, string name, Uri relay, string cluster, string relayCaPem, string token)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".kubeconfig");
        var ca = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(relayCaPem));
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {cluster}
              cluster:
                server: {new Uri(relay, $"clusters/{cluster}")}
                certificate-authority-data: {ca}
            users:
            - name: {name}
              user:
                token: {token}
            contexts:
            - name: {cluster}
              context:
                cluster: {cluster}
                user: {name}
                namespace: default
            current-context: {cluster}
            """);
        return path;
    }
}
