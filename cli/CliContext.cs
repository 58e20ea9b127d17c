using Paralus.Cli.Commands;
using Paralus.Cli.Config;
using Paralus.Cli.Output;

namespace Paralus.Cli;

/// <summary>Everything the commands of one run share: streams, environment, clock, config file, common options.</summary>
internal sealed class CliContext(CliConsole console, CliEnvironment environment)
{
    public CliConsole Console { get; } = console;

    public CliEnvironment Environment { get; } = environment;

    public TimeProvider TimeProvider => Environment.TimeProvider;

    public ConfigStore Config { get; } = new(ConfigStore.PathFor(environment));

    public ApiConnectionResolver Connections => new(Config, Environment);

    public CommonOptions Options { get; } = new();

    public CliErrorReporter Errors { get; } = new(console.Error);
}
