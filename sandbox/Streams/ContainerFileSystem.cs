namespace Paralus.Sandbox.Streams;

/// <summary>
/// A container's files, in memory: what <c>kubectl cp</c> writes with <c>tar -x</c> and reads back with <c>tar c</c>,
/// <c>cat</c> and <c>ls</c> show. Paths are absolute and normalized; parent directories exist implicitly.
/// </summary>
internal sealed class ContainerFileSystem
{
    // What `ls /` shows in every container.
    private static readonly string[] RootEntries = ["bin", "dev", "etc", "home", "lib", "proc", "root", "run", "sys", "tmp", "usr", "var"];

    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _directories = new(StringComparer.Ordinal) { "/" };

    public ContainerFileSystem()
    {
        foreach (var entry in RootEntries) _directories.Add("/" + entry);
    }

    /// <summary><paramref name="path"/> made absolute against <paramref name="directory"/>; null when it climbs above the root.</summary>
    public static string? Resolve(string directory, string path)
    {
        var parts = new List<string>();
        foreach (var part in (path.StartsWith('/') ? path : directory.TrimEnd('/') + "/" + path).Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == "..")
            {
                if (parts.Count == 0) return null;
                parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return "/" + string.Join('/', parts);
    }

    public bool IsDirectory(string path)
    {
        lock (_gate) return _directories.Contains(path);
    }

    public bool IsFile(string path)
    {
        lock (_gate) return _files.ContainsKey(path);
    }

    public byte[]? Read(string path)
    {
        lock (_gate) return _files.GetValueOrDefault(path);
    }

    /// <summary>Writes a file, creating its parent directories; false when the path is a directory.</summary>
    public bool Write(string path, byte[] content)
    {
        lock (_gate)
        {
            if (_directories.Contains(path)) return false;
            AddParents(path);
            _files[path] = content;
            return true;
        }
    }

    /// <summary>Creates a directory and its parents; false when the path is a file.</summary>
    public bool CreateDirectory(string path)
    {
        lock (_gate)
        {
            if (_files.ContainsKey(path)) return false;
            AddParents(path);
            _directories.Add(path);
            return true;
        }
    }

    /// <summary>The names directly inside a directory, sorted.</summary>
    public IReadOnlyList<string> List(string directory)
    {
        lock (_gate)
        {
            var prefix = directory == "/" ? "/" : directory + "/";
            return _directories.Concat(_files.Keys)
                .Where(p => p.Length > prefix.Length && p.StartsWith(prefix, StringComparison.Ordinal) && p.IndexOf('/', prefix.Length) < 0)
                .Select(p => p[prefix.Length..]).Order(StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>A path and everything below it, parents first: (path, null) for a directory, (path, content) for a file.</summary>
    public IReadOnlyList<(string Path, byte[]? Content)> Tree(string path)
    {
        lock (_gate)
        {
            var prefix = path == "/" ? "/" : path + "/";
            return _directories.Where(d => d == path || d.StartsWith(prefix, StringComparison.Ordinal)).Select(d => (d, (byte[]?)null))
                .Concat(_files.Where(f => f.Key == path || f.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(f => (f.Key, (byte[]?)f.Value)))
                .OrderBy(e => e.Item1, StringComparer.Ordinal).ToList();
        }
    }

    private void AddParents(string path)
    {
        for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1)) _directories.Add(path[..slash]);
    }
}
