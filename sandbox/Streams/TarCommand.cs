using System.Formats.Tar;

namespace Paralus.Sandbox.Streams;

/// <summary>
/// <c>tar</c> over a container's <see cref="ContainerFileSystem"/>, as far as <c>kubectl cp</c> needs it: create
/// (<c>tar cf - PATH…</c>) to stdout, extract (<c>tar -xmf - [-C DIR]</c>) and list (<c>tar tf -</c>) from stdin. Like
/// GNU tar it strips the leading '/' from member names (and says so on stderr) and refuses members that climb out
/// of the target directory.
/// </summary>
internal static class TarCommand
{
    /// <summary>Archives bigger than this are refused: the sandbox keeps files in memory.</summary>
    public const long MaxArchiveBytes = 64L * 1024 * 1024;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context)
    {
        char? mode = null;
        string? archive = null;
        var directory = "/";
        var paths = new List<string>();
        var words = new Queue<string>(args);
        var first = true;
        while (words.TryDequeue(out var word))
        {
            if (word == "-C")
            {
                if (!words.TryDequeue(out var target) || ContainerFileSystem.Resolve(directory, target) is not { } resolved)
                    return await context.FailAsync(2, "tar: option requires an argument -- 'C'\n");
                directory = resolved;
            }
            else if ((first && !word.StartsWith('-')) || (word.StartsWith('-') && word.Length > 1))
            {
                foreach (var letter in word.TrimStart('-'))
                {
                    switch (letter)
                    {
                        case 'c' or 'x' or 't':
                            mode = letter;
                            break;
                        case 'f' when words.TryDequeue(out var file):
                            archive = file;
                            break;
                        case 'm' or 'v' or 'o' or 'p':
                            break;
                        default:
                            return await context.FailAsync(2, $"tar: invalid option -- '{letter}'\n");
                    }
                }
            }
            else
            {
                paths.Add(word);
            }
            first = false;
        }

        if (archive != "-") return await context.FailAsync(2, "tar: the sandbox reads and writes archives only on stdin and stdout (-f -)\n");
        return mode switch
        {
            'c' => await CreateAsync(paths, directory, context),
            'x' => await ExtractAsync(directory, context, list: false),
            't' => await ExtractAsync(directory, context, list: true),
            _ => await context.FailAsync(2, "tar: You must specify one of the '-Actdrux' options\n"),
        };
    }

    private static async Task<int> CreateAsync(List<string> paths, string directory, CommandContext context)
    {
        if (paths.Count == 0) return await context.FailAsync(2, "tar: Cowardly refusing to create an empty archive\n");
        var exit = 0;
        if (paths.Any(p => p.StartsWith('/'))) await context.WriteErrorAsync("tar: Removing leading `/' from member names\n");
        using var archive = new MemoryStream();
        await using (var writer = new TarWriter(archive, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var path in paths)
            {
                var resolved = ContainerFileSystem.Resolve(directory, path);
                var tree = resolved is null ? [] : context.Files.Tree(resolved);
                if (tree.Count == 0)
                {
                    await context.WriteErrorAsync($"tar: {path}: Cannot stat: No such file or directory\n");
                    exit = 2;
                    continue;
                }
                foreach (var (entryPath, content) in tree)
                {
                    // Names relative to the root (GNU tar's leading-'/' stripping) or to -C, as the path was given.
                    var name = path.StartsWith('/') || directory == "/" ? entryPath.TrimStart('/') : Path.GetRelativePath(directory, entryPath);
                    var entry = content is null
                        ? new PaxTarEntry(TarEntryType.Directory, name + "/") { Mode = (UnixFileMode)0b111_101_101 }
                        : new PaxTarEntry(TarEntryType.RegularFile, name) { Mode = (UnixFileMode)0b110_100_100, DataStream = new MemoryStream(content, writable: false) };
                    await writer.WriteEntryAsync(entry, context.Cancellation);
                }
            }
        }
        await context.Stdout(archive.GetBuffer().AsMemory(0, (int)archive.Length));
        if (exit != 0) await context.WriteErrorAsync("tar: Exiting with failure status due to previous errors\n");
        return exit;
    }

    private static async Task<int> ExtractAsync(string directory, CommandContext context, bool list)
    {
        if (context.Stdin is null) return await context.FailAsync(2, "tar: the archive comes on stdin: run with -i\n");
        using var input = new MemoryStream();
        while (true)
        {
            var read = await context.Stdin.ReadAsync(context.Cancellation);
            foreach (var segment in read.Buffer) input.Write(segment.Span);
            context.Stdin.AdvanceTo(read.Buffer.End);
            if (input.Length > MaxArchiveBytes) return await context.FailAsync(2, $"tar: archive larger than the sandbox keeps ({MaxArchiveBytes / (1024 * 1024)} MiB)\n");
            if (read.IsCompleted) break;
        }
        input.Position = 0;

        var exit = 0;
        try
        {
            using var reader = new TarReader(input);
            while (await reader.GetNextEntryAsync(copyData: false, context.Cancellation) is { } entry)
            {
                if (list)
                {
                    await context.WriteAsync(entry.Name + "\n");
                    continue;
                }
                if (ContainerFileSystem.Resolve(directory, entry.Name) is not { } target || entry.Name.Split('/').Contains(".."))
                {
                    await context.WriteErrorAsync($"tar: {entry.Name}: Member name contains '..'\n");
                    exit = 2;
                    continue;
                }
                var written = entry.EntryType switch
                {
                    TarEntryType.Directory => context.Files.CreateDirectory(target),
                    TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile => context.Files.Write(target, ReadAll(entry.DataStream)),
                    _ => true,
                };
                if (!written)
                {
                    await context.WriteErrorAsync($"tar: {entry.Name}: Cannot open: File exists\n");
                    exit = 2;
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            return await context.FailAsync(2, "tar: This does not look like a tar archive\n");
        }
        return exit;
    }

    private static byte[] ReadAll(Stream? data)
    {
        if (data is null) return [];
        using var copy = new MemoryStream();
        data.CopyTo(copy);
        return copy.ToArray();
    }
}
