namespace Paralus.Cli.Output;

/// <summary>For requests that must not draw on stderr: kubectl shows a credential plugin's stderr to the user as is.</summary>
internal sealed class NoProgress : IDisposable
{
    private static readonly NoProgress Instance = new();

    public static Func<string, IDisposable> Show { get; } = _ => Instance;

    public void Dispose()
    {
        // Nothing was drawn.
    }
}
