using System.Reflection;

namespace Paralus.Cli;

/// <summary>The version this binary was built as (from the project's Version).</summary>
internal static class CliVersion
{
    public static string Current { get; } =
        typeof(CliVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";
}
