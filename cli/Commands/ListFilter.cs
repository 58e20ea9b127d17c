using System.CommandLine;

namespace Paralus.Cli.Commands;

/// <summary>An option of a list command that becomes one query parameter.</summary>
internal sealed class ListFilter(Option option, string queryKey, Func<ParseResult, string?> read)
{
    public Option Option { get; } = option;

    public string QueryKey { get; } = queryKey;

    /// <summary>The query value, or null when the option was not given.</summary>
    public string? Read(ParseResult parseResult) => read(parseResult);

    public static ListFilter Text(string optionName, string queryKey, string description)
    {
        var option = new Option<string?>(optionName) { Description = description };
        return new ListFilter(option, queryKey, parseResult => parseResult.GetValue(option));
    }

    public static ListFilter Prefix(string plural) =>
        Text("--prefix", "prefix", $"Only {plural} whose name starts with this.");

    /// <summary><c>--active</c> alone means true; <c>--active false</c> asks for the opposite.</summary>
    public static ListFilter Boolean(string optionName, string queryKey, string description)
    {
        var option = new Option<bool?>(optionName) { Description = description };
        return new ListFilter(option, queryKey, parseResult => parseResult.GetValue(option) switch
        {
            true => "true",
            false => "false",
            null => null,
        });
    }
}
