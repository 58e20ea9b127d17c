using System.Text.RegularExpressions;

namespace Paralus.Cli.Tests.Infrastructure;

/// <summary>A CLI run still under way: the test reads its output as it comes and waits for it to end.</summary>
public sealed class RunningCli(Task<int> exitCode, LiveText output, LiveText error)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public Task<int> ExitCode { get; } = exitCode;

    public LiveText Error { get; } = error;

    public LiveText Output { get; } = output;

    /// <summary>The first match of <paramref name="pattern"/> on stderr, once it is there; fails if the run ends first.</summary>
    public Task<Match> WaitForErrorAsync(string pattern) => WaitForAsync(Error, pattern);

    /// <summary>The same on stdout.</summary>
    public Task<Match> WaitForOutputAsync(string pattern) => WaitForAsync(Output, pattern);

    private async Task<Match> WaitForAsync(LiveText text, string pattern)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            var match = Regex.Match(text.ToString(), pattern);
            if (match.Success)
            {
                return match;
            }

            if (ExitCode.IsCompleted)
            {
                Assert.Fail($"the CLI ended ({await ExitCode}) without printing /{pattern}/: {text} {Error}");
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"no /{pattern}/ in: {text}");
    }

    public async Task<CliResult> CompletionAsync() =>
        new(await ExitCode.WaitAsync(Patience), Output.ToString(), Error.ToString());
}
