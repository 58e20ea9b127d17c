namespace Paralus.Bench;

/// <summary>Where reports are written: the repository's bench/results, wherever the harness is started from.</summary>
internal static class ResultsDirectory
{
    public static string Locate()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (Directory.Exists(Path.Combine(dir.FullName, "bench", "Paralus.Bench")))
                    return Path.Combine(dir.FullName, "bench", "results");
            }
        }

        return Path.Combine(Environment.CurrentDirectory, "results");
    }
}
