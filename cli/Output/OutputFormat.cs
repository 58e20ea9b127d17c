namespace Paralus.Cli.Output;

/// <summary>The values of <c>-o</c>, as in kubectl; <see cref="Csv"/> and <see cref="K8s"/> only for kubectl audit, which the server formats.</summary>
internal enum OutputFormat
{
    Table,
    Json,
    Yaml,
    Name,
    Csv,
    K8s,
}
