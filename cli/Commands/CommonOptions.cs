using System.CommandLine;
using System.CommandLine.Parsing;
using Paralus.Cli.Output;

namespace Paralus.Cli.Commands;

/// <summary>Options every command accepts, wherever they appear on the line.</summary>
internal sealed class CommonOptions
{
    public Option<string?> Server { get; } = new("--server", "-s")
    {
        Description = "URL of the Paralus API for this call (default: PARALUS_API, then the server of 'paralus login').",
        Recursive = true,
    };

    public Option<OutputFormat?> Output { get; } = new("--output", "-o")
    {
        Description = "Output format: table, json, yaml or name (and for 'audit kubectl' csv or k8s).",
        HelpName = "table|json|yaml|name|csv|k8s",
        Recursive = true,
        CustomParser = ParseOutputFormat,
    };

    private static OutputFormat? ParseOutputFormat(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        if (Enum.TryParse<OutputFormat>(text, ignoreCase: true, out var format) && !int.TryParse(text, out _))
        {
            return format;
        }

        result.AddError($"unknown output format '{text}': use table, json, yaml or name (csv and k8s for 'audit kubectl').");
        return null;
    }
}
