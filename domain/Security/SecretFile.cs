namespace Paralus.Domain.Security;

/// <summary>Small secret files readable by their owner only (mode 0600), created atomically so no other mode is ever visible.</summary>
public static class SecretFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static byte[] ReadOrCreate(string path, Func<byte[]> create)
    {
        if (File.Exists(path)) return File.ReadAllBytes(path);
        var bytes = create();
        if (!TryWriteNew(path, bytes)) return File.ReadAllBytes(path);
        return bytes;
    }

    /// <summary>Writes a new file with mode 0600; false if it already exists.</summary>
    public static bool TryWriteNew(string path, byte[] content)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        System.IO.Directory.CreateDirectory(directory);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnly;
        try
        {
            using var stream = new FileStream(path, options);
            stream.Write(content);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
    }
}
