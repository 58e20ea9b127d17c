namespace Paralus.Cli.Parsing;

/// <summary>List options accept "a,b" as well as the option repeated: <c>--add-users a,b --add-users c</c>.</summary>
internal static class CommaSeparated
{
    /// <summary>The items, or null when none were given, so that a PATCH leaves the list alone.</summary>
    public static IReadOnlyList<string>? Split(IEnumerable<string>? values)
    {
        var items = (values ?? [])
            .SelectMany(value => value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .ToArray();
        return items.Length == 0 ? null : items;
    }
}
