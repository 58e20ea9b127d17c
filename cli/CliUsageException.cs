namespace Paralus.Cli;

/// <summary>The user asked for something the CLI cannot do as asked; the message says how to fix it.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
