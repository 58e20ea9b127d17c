namespace Paralus.Cli.Output;

/// <summary>Picks the printer for an <see cref="OutputFormat"/>.</summary>
internal static class ResourcePrinters
{
    public static IResourcePrinter For(OutputFormat format, CliConsole console, TimeProvider timeProvider) => format switch
    {
        OutputFormat.Json => new JsonPrinter(console.Output),
        OutputFormat.Yaml => new YamlPrinter(console.Output),
        OutputFormat.Name => new NamePrinter(console.Output),
        _ => new TablePrinter(console.Output, console.Error, timeProvider),
    };
}
