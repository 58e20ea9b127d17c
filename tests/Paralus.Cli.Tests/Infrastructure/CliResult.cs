namespace Paralus.Cli.Tests.Infrastructure;

/// <summary>What one in-process run of the CLI produced.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error);
