using System.CommandLine;
using Paralus.Cli.Parsing;

namespace Paralus.Cli.Commands;

/// <summary>An option whose value is a duration such as 30s, 15m, 8h or 90d.</summary>
internal static class DurationOption
{
    public static Option<TimeSpan?> Create(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "duration",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (DurationFormat.TryParse(text, out var duration))
            {
                return duration;
            }

            result.AddError($"invalid duration '{text}' for {name}: use a number with s, m, h or d, such as 30s, 15m, 8h or 90d.");
            return null;
        },
    };
}
