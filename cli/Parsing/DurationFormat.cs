using System.Globalization;

namespace Paralus.Cli.Parsing;

/// <summary>Durations as people type them: 30s, 15m, 1h, 7d, or combined like 1h30m.</summary>
internal static class DurationFormat
{
    private static readonly (char Unit, long Seconds)[] Units = [('d', 86_400), ('h', 3_600), ('m', 60), ('s', 1)];

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        long total = 0;
        var position = 0;
        while (position < text.Length)
        {
            var start = position;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                position++;
            }

            if (position == start || position == text.Length)
            {
                return false;
            }

            var unit = Array.FindIndex(Units, candidate => candidate.Unit == text[position]);
            if (unit < 0 || !long.TryParse(text.AsSpan(start, position - start), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            try
            {
                total = checked(total + amount * Units[unit].Seconds);
            }
            catch (OverflowException)
            {
                return false;
            }

            position++;
        }

        if (total > (long)TimeSpan.MaxValue.TotalSeconds)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(total);
        return true;
    }

    /// <summary>The largest unit that divides evenly: 28800 → 8h, 7776000 → 90d, 5400 → 90m.</summary>
    public static string Format(long seconds)
    {
        foreach (var (unit, size) in Units)
        {
            if (seconds != 0 && seconds % size == 0)
            {
                return $"{seconds / size}{unit}";
            }
        }

        return "0s";
    }
}
