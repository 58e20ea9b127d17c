using System.Collections;

namespace Paralus.Cli;

/// <summary>
/// What a CLI run reads from its surroundings besides the streams: environment variables and the clock.
/// Tests pass their own so that runs never see the developer's <c>~/.paralus/config</c>.
/// </summary>
public sealed class CliEnvironment(IReadOnlyDictionary<string, string> variables, TimeProvider timeProvider, string? processPath = null)
{
    public IReadOnlyDictionary<string, string> Variables { get; } = variables;

    public TimeProvider TimeProvider { get; } = timeProvider;

    /// <summary>The running executable, as <see cref="Environment.ProcessPath"/>: kubeconfigs name it for kubectl to run.</summary>
    public string? ProcessPath { get; } = processPath;

    public string? Variable(string name) =>
        Variables.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    public static CliEnvironment FromProcess()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = (string?)entry.Value ?? "";
        }

        if (!variables.ContainsKey("HOME"))
        {
            variables["HOME"] = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        }

        return new CliEnvironment(variables, TimeProvider.System, Environment.ProcessPath);
    }
}
