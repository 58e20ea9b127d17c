using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Paralus.Cli.Tests.Infrastructure;

/// <summary>
/// Runs the CLI in-process with captured streams, a private config file in a temporary folder, and a fake clock,
/// so tests never read or write the developer's <c>~/.paralus</c>.
/// </summary>
public sealed class CliTestHost : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public CliTestHost()
    {
        Directory.CreateDirectory(Folder);
        Variables["HOME"] = Folder;
        Variables["PARALUS_CONFIG"] = ConfigPath;
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "paralus-cli-tests", Guid.NewGuid().ToString("N"));

    public string ConfigPath => Path.Combine(Folder, "config");

    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    public FakeTimeProvider Time { get; } = new(Now);

    /// <summary>Writes a config as 'paralus login' would have left it.</summary>
    public void SignIn(Uri server, string token = "session-token", DateTimeOffset? expiresAt = null, string user = "admin@paralus.local")
    {
        var config = new { server = server.AbsoluteUri, token, expiresAt = expiresAt ?? Now.AddHours(8), user };
        File.WriteAllText(ConfigPath, JsonSerializer.Serialize(config));
    }

    /// <summary>Runs a command line split like a shell would (double quotes group words).</summary>
    public Task<CliResult> RunAsync(string commandLine, string stdin = "") => RunAsync(ShellWords.Split(commandLine), stdin);

    public async Task<CliResult> RunAsync(IReadOnlyList<string> args, string stdin = "")
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = new CliConsole(new StringReader(stdin), output, error);
        var exitCode = await ParalusCli.RunAsync(args, console, new CliEnvironment(Variables, Time));
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
