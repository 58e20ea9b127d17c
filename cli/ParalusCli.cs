using System.CommandLine;
using System.CommandLine.Invocation;
using Paralus.Cli.Commands;

namespace Paralus.Cli;

/// <summary>The <c>paralus</c> command line as a library call, so tests and other tools can run it in-process.</summary>
public static class ParalusCli
{
    /// <summary>Runs one command line and returns its exit code: 0 on success, non-zero with a message on stderr otherwise.</summary>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args,
        CliConsole console,
        CliEnvironment environment,
        CancellationToken cancellationToken = default)
    {
        var context = new CliContext(console, environment);
        try
        {
            var root = CliCommandTree.Build(context);
            // "@file" expansion would turn a name that starts with '@' into a file read.
            var parseResult = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
            if (parseResult.Action is ParseErrorAction)
            {
                return context.Errors.ReportUsage(parseResult);
            }

            var invocation = new InvocationConfiguration
            {
                Output = console.Output,
                Error = console.Error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            };
            return await parseResult.InvokeAsync(invocation, cancellationToken);
        }
        catch (Exception exception)
        {
            return context.Errors.Report(exception);
        }
    }
}
