namespace Paralus.Cli.Output;

/// <summary>A list shortened to fit a table cell: "a,b,c +4 more". The full list is in <c>-o json</c>.</summary>
internal static class ListSummary
{
    private const int Shown = 3;

    public static string Of(IReadOnlyCollection<string>? values)
    {
        if (values is null || values.Count == 0)
        {
            return "<none>";
        }

        var head = string.Join(",", values.Take(Shown));
        return values.Count > Shown ? $"{head} +{values.Count - Shown} more" : head;
    }
}
