namespace Paralus.Cli.Output;

/// <summary>The AGE column as kubectl writes it: the largest whole unit only (5s, 3m, 2h, 4d, 1y).</summary>
internal static class Age
{
    public static string Format(TimeSpan elapsed)
    {
        var seconds = (long)Math.Floor(elapsed.TotalSeconds);
        // Small clock skew between client and server makes fresh objects look a second old from the future.
        if (seconds < -1) return "<invalid>";
        if (seconds < 0) return "0s";
        if (seconds < 60) return $"{seconds}s";
        var minutes = seconds / 60;
        if (minutes < 60) return $"{minutes}m";
        var hours = minutes / 60;
        if (hours < 24) return $"{hours}h";
        if (hours < 24 * 365) return $"{hours / 24}d";
        return $"{hours / 24 / 365}y";
    }
}
