using System.CommandLine;

namespace Paralus.Cli.Commands;

/// <summary><c>version</c>: the client's version.</summary>
internal sealed class VersionCommand(ResourceCommandFactory factory) : ICommandGroup
{
    public void AddTo(CommandVerbs verbs)
    {
        var command = new Command("version", "Print the client version.");
        factory.SetAction(command, invocation =>
        {
            invocation.Out.WriteLine($"Client Version: {CliVersion.Current}");
            return Task.FromResult(0);
        });
        verbs.Root.Subcommands.Add(command);
    }
}
