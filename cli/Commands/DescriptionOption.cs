using System.CommandLine;

namespace Paralus.Cli.Commands;

/// <summary>The <c>--description</c> option that most resources have.</summary>
internal static class DescriptionOption
{
    public static Option<string?> For(string singular) => new("--description") { Description = $"What the {singular} is for." };
}
