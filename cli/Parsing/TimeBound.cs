using System.Globalization;

namespace Paralus.Cli.Parsing;

/// <summary>A <c>--since</c>/<c>--until</c> value: a duration before now (1h), an RFC 3339 time, or a date (its midnight UTC).</summary>
internal static class TimeBound
{
    private const string DateFormat = "yyyy-MM-dd";

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

        if (DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        throw new CliUsageException($"invalid {optionName} '{text}': use a duration such as 30s, 15m, 1h or 7d, an RFC 3339 time, or a date (UTC) such as 2026-12-01.");
    }

    /// <summary>The UTC day of <paramref name="time"/>.</summary>
    public static DateOnly Day(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime);

    /// <summary>A day as the API's query parameters and the tables write it.</summary>
    public static string ToDate(DateOnly day) => day.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>RFC 3339 in UTC, as the API's query parameters expect.</summary>
    public static string ToRfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
