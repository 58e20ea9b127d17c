namespace Paralus.Cli.Output;

/// <summary>The values of <c>-o</c>, as in kubectl.</summary>
internal enum OutputFormat
{
    Table,
    Json,
    Yaml,
    Name,
}
