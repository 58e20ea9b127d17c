namespace Paralus.Cli.Parsing;

/// <summary><c>--label env=prod --label team=a,tier=web</c> as a dictionary.</summary>
internal static class Labels
{
    /// <summary>The labels, or null when none were given, so that a PATCH leaves them alone.</summary>
    public static IReadOnlyDictionary<string, string>? Parse(IEnumerable<string>? values)
    {
        var pairs = CommaSeparated.Split(values);
        if (pairs is null)
        {
            return null;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                throw new CliUsageException($"invalid label '{pair}': write it as key=value.");
            }

            labels[pair[..equals]] = pair[(equals + 1)..];
        }

        return labels;
    }
}
