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

    /// <summary>Whether the CLI believes a person sits at standard input (kubectl's interactive credential runs).</summary>
    public bool InputIsTerminal { get; set; }

    /// <summary>The executable the CLI believes it runs as (null: unknown, as under the test runner).</summary>
    public string? ProcessPath { get; set; }

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
        var console = new CliConsole(new StringReader(stdin), output, error, inputIsTerminal: InputIsTerminal);
        var exitCode = await ParalusCli.RunAsync(args, console, new CliEnvironment(Variables, Time, ProcessPath));
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Starts a run and returns at once, for tests that act while it waits (play the browser, move the clock, press Ctrl-C).</summary>
    public RunningCli Start(IReadOnlyList<string> args, string stdin = "", CancellationToken cancellationToken = default)
    {
        var output = new LiveText();
        var error = new LiveText();
        var console = new CliConsole(new StringReader(stdin), output, error, inputIsTerminal: InputIsTerminal);
        var environment = new CliEnvironment(Variables, Time, ProcessPath);
        return new RunningCli(Task.Run(() => ParalusCli.RunAsync(args, console, environment, cancellationToken)), output, error);
    }

    /// <summary>
    /// Moves the fake clock a second at a time until the run ends, giving the CLI a moment of real time between steps
    /// to send and read its requests; polling loops wait on this clock.
    /// </summary>
    public async Task<CliResult> RunWithClockAsync(RunningCli run, TimeSpan limit)
    {
        var end = Time.GetUtcNow() + limit;
        while (!run.ExitCode.IsCompleted && Time.GetUtcNow() < end)
        {
            await Task.Delay(15);
            Time.Advance(TimeSpan.FromSeconds(1));
        }

        return await run.CompletionAsync();
    }

    /// <summary>
    /// Moves the fake clock a second at a time, with a moment of real time between steps, until <paramref name="done"/>:
    /// a run may not yet be waiting on the clock when the test moves it once.
    /// </summary>
    public async Task AdvanceUntilAsync(Func<bool> done, TimeSpan limit)
    {
        var end = Time.GetUtcNow() + limit;
        while (!done() && Time.GetUtcNow() < end)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(15);
        }
    }

    /// <summary>Writes a config as 'paralus login --sso' would have left it.</summary>
    public void SignInWithSso(Uri server, DateTimeOffset expiresAt, string token = "session-token", string refreshToken = "refresh-1", string identityProvider = "corp", DateTimeOffset? refreshExpiresAt = null)
    {
        var config = new
        {
            server = server.AbsoluteUri,
            token,
            expiresAt,
            user = "alice@corp.example",
            refreshToken,
            refreshExpiresAt = refreshExpiresAt ?? Now.AddDays(7),
            identityProvider,
        };
        File.WriteAllText(ConfigPath, JsonSerializer.Serialize(config));
    }

    public void Dispose()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
