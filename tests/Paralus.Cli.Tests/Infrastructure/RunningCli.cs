using System.Text.RegularExpressions;

namespace Paralus.Cli.Tests.Infrastructure;

/// <summary>A CLI run still under way: the test reads its output as it comes and waits for it to end.</summary>
public sealed class RunningCli(Task<int> exitCode, LiveText output, LiveText error)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public Task<int> ExitCode { get; } = exitCode;

    public LiveText Error { get; } = error;

    /// <summary>The first match of <paramref name="pattern"/> on stderr, once it is there; fails if the run ends first.</summary>
    public async Task<Match> WaitForErrorAsync(string pattern)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            var match = Regex.Match(Error.ToString(), pattern);
            if (match.Success)
            {
                return match;
            }

            if (ExitCode.IsCompleted)
            {
                Assert.Fail($"the CLI ended ({await ExitCode}) without printing /{pattern}/: {Error}");
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"no /{pattern}/ on stderr: {Error}");
    }

    public async Task<CliResult> CompletionAsync() =>
        new(await ExitCode.WaitAsync(Patience), output.ToString(), Error.ToString());
}
