namespace Paralus.Cli.Files;

/// <summary>
/// Files that hold a secret (the session, a kubeconfig key, a kubectl token): created with mode 0600 under a temporary
/// name and moved over the old one, so they are never readable by others, not even for a moment, and a crash never
/// leaves half a file.
/// </summary>
internal static class OwnerOnlyFile
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerReadWrite | UnixFileMode.UserExecute;

    /// <param name="privateDirectory">
    /// Create a missing directory with mode 0700: right for Paralus's own folders, not for a folder the user named.
    /// </param>
    public static void Write(string path, string content, bool privateDirectory)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        if (privateDirectory && !OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory, OwnerOnlyDirectory);
        }
        else
        {
            Directory.CreateDirectory(directory);
        }

        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerReadWrite;
        }

        using (var writer = new StreamWriter(new FileStream(temporary, options)))
        {
            writer.Write(content);
        }

        File.Move(temporary, full, overwrite: true);
    }
}
