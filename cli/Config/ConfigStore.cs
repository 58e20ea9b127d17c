using System.Text.Json;
using Paralus.Cli.Api;
using Paralus.Cli.Files;

namespace Paralus.Cli.Config;

/// <summary>Reads and writes the config file, which holds a bearer token and so is only ever readable by its owner.</summary>
internal sealed class ConfigStore(string path)
{
    public string Path { get; } = path;

    /// <summary><c>PARALUS_CONFIG</c> names the file; otherwise <c>~/.paralus/config</c>.</summary>
    public static string PathFor(CliEnvironment environment) => environment.Variable("PARALUS_CONFIG") ?? DefaultPathFor(environment);

    public static string DefaultPathFor(CliEnvironment environment) =>
        System.IO.Path.Combine(
            environment.Variable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            ".paralus",
            "config");

    /// <summary>Where caches live: beside the config, so a second config (PARALUS_CONFIG) never shares them.</summary>
    public string CacheDirectory => System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!, "cache");

    public CliConfig Load()
    {
        if (!File.Exists(Path))
        {
            return new CliConfig();
        }

        try
        {
            return JsonSerializer.Deserialize<CliConfig>(File.ReadAllText(Path), ApiJson.Options) ?? new CliConfig();
        }
        catch (JsonException exception)
        {
            throw new CliUsageException($"config file {Path} is not valid JSON ({exception.Message}); fix it or run 'paralus login' again.");
        }
    }

    /// <summary>Atomically and owner-only: the file holds a bearer token and a refresh token.</summary>
    public void Save(CliConfig config) =>
        OwnerOnlyFile.Write(Path, JsonSerializer.Serialize(config, ApiJson.Indented), privateDirectory: true);
}
