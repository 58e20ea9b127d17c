using System.Globalization;

namespace Paralus.Cli.Parsing;

/// <summary>A <c>--since</c>/<c>--until</c> value: a duration before now (1h) or an RFC 3339 time.</summary>
internal static class TimeBound
{
    public static DateTimeOffset Parse(string optionName, string text, DateTimeOffset now)
    {
        if (DurationFormat.TryParse(text, out var ago))
        {
            return now - ago;
        }

        if (text.Contains('T') && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        throw new CliUsageException($"invalid {optionName} '{text}': use a duration such as 30s, 15m, 1h or 7d, or an RFC 3339 time.");
    }

    /// <summary>RFC 3339 in UTC, as the API's query parameters expect.</summary>
    public static string ToRfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
