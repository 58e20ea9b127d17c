using System.Text.Json;
using Paralus.Cli.Api;

namespace Paralus.Cli.Config;

/// <summary>Reads and writes the config file, which holds a bearer token and so is only ever readable by its owner.</summary>
internal sealed class ConfigStore(string path)
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerReadWrite | UnixFileMode.UserExecute;

    public string Path { get; } = path;

    /// <summary><c>PARALUS_CONFIG</c> names the file; otherwise <c>~/.paralus/config</c>.</summary>
    public static string PathFor(CliEnvironment environment) =>
        environment.Variable("PARALUS_CONFIG")
        ?? System.IO.Path.Combine(
            environment.Variable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            ".paralus",
            "config");

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

    /// <summary>
    /// Writes a new file created with mode 0600 and moves it over the old one, so the token is never readable by
    /// others, not even for a moment, and a crash never leaves half a file.
    /// </summary>
    public void Save(CliConfig config)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        var temporary = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(Path)}.{Guid.NewGuid():N}.tmp");
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(temporary, JsonSerializer.Serialize(config, ApiJson.Indented));
        }
        else
        {
            Directory.CreateDirectory(directory, OwnerOnlyDirectory);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerReadWrite };
            using (var stream = new FileStream(temporary, options))
            {
                JsonSerializer.Serialize(stream, config, ApiJson.Indented);
            }
        }

        File.Move(temporary, Path, overwrite: true);
    }
}
