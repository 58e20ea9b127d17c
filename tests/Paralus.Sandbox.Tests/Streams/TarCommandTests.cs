using System.Formats.Tar;
using System.IO.Pipelines;
using System.Text;
using Paralus.Sandbox.Streams;

namespace Paralus.Sandbox.Tests.Streams;

/// <summary>
/// The sandbox's <c>tar</c>, as <c>kubectl cp</c> drives it: archives in and out over stdin and stdout, members that
/// would land outside the target directory refused, anything that is not an archive refused with GNU tar's words.
/// </summary>
public sealed class TarCommandTests
{
    private readonly ContainerFileSystem _files = new();

    [Fact]
    public async Task Extract_IntoADirectory_ThenCreate_RoundTrips()
    {
        var archive = Archive(("notes/a.txt", "alpha"), ("notes/b.txt", "beta"));
        var (exit, _, stderr) = await RunAsync(["tar", "-xmf", "-", "-C", "/tmp"], archive);
        Assert.Equal((0, ""), (exit, stderr));
        Assert.Equal("alpha", Encoding.UTF8.GetString(_files.Read("/tmp/notes/a.txt")!));
        Assert.True(_files.IsDirectory("/tmp/notes"));

        var (created, stdout, warning) = await RunAsync(["tar", "cf", "-", "/tmp/notes"]);
        Assert.Equal(0, created);
        Assert.Equal("tar: Removing leading `/' from member names\n", warning);
        var entries = Read(stdout);
        Assert.Equal(["tmp/notes/", "tmp/notes/a.txt", "tmp/notes/b.txt"], entries.Select(e => e.Name));
        Assert.Equal("beta", entries[2].Content);
    }

    [Fact]
    public async Task Extract_MemberClimbingOut_IsRefused_AndTheRestIsKept()
    {
        var archive = Archive(("../../etc/passwd", "root::0:0"), ("ok.txt", "fine"));
        var (exit, _, stderr) = await RunAsync(["tar", "xf", "-", "-C", "/tmp"], archive);
        Assert.Equal(2, exit);
        Assert.Contains("Member name contains '..'", stderr, StringComparison.Ordinal);
        Assert.Null(_files.Read("/etc/passwd"));
        Assert.Equal("fine", Encoding.UTF8.GetString(_files.Read("/tmp/ok.txt")!));
    }

    [Fact]
    public async Task Extract_NotAnArchive_IsRefused()
    {
        var (exit, _, stderr) = await RunAsync(["tar", "-xf", "-"], Encoding.UTF8.GetBytes(new string('x', 2048)));
        Assert.Equal((2, "tar: This does not look like a tar archive\n"), (exit, stderr));
    }

    [Theory]
    [InlineData(new[] { "tar", "cf", "/tmp/out.tar", "/tmp" }, "only on stdin and stdout")]
    [InlineData(new[] { "tar", "f", "-" }, "You must specify one of")]
    [InlineData(new[] { "tar", "-czf", "-", "/tmp" }, "invalid option -- 'z'")]
    [InlineData(new[] { "tar", "cf", "-", "/tmp/none" }, "tar: /tmp/none: Cannot stat: No such file or directory")]
    public async Task UnsupportedOrMissing_FailsWithGnuTarWording(string[] argv, string message)
    {
        var (exit, _, stderr) = await RunAsync(argv);
        Assert.Equal(2, exit);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestAndLs_SeeExtractedFiles()
    {
        await RunAsync(["tar", "-xmf", "-", "-C", "/"], Archive(("srv/app.conf", "x=1")));
        Assert.Equal(0, (await RunAsync(["test", "-d", "/srv"])).Exit);
        Assert.Equal(0, (await RunAsync(["test", "-f", "/srv/app.conf"])).Exit);
        Assert.Equal(1, (await RunAsync(["test", "-f", "/srv"])).Exit);
        Assert.Equal("app.conf\n", (await RunAsync(["ls", "/srv"])).Stdout is var listing ? Encoding.UTF8.GetString(listing) : null);
        Assert.Equal("/srv/app.conf\n", Encoding.UTF8.GetString((await RunAsync(["ls", "/srv/app.conf", "-1"])).Stdout));
        Assert.Contains("ls: cannot access '/srv/none'", (await RunAsync(["ls", "/srv/none", "-1"])).Stderr, StringComparison.Ordinal);
        Assert.Equal("x=1", Encoding.UTF8.GetString((await RunAsync(["cat", "/srv/app.conf"])).Stdout));
    }

    private async Task<(int Exit, byte[] Stdout, string Stderr)> RunAsync(string[] argv, byte[]? stdin = null)
    {
        Pipe? input = null;
        if (stdin is not null)
        {
            input = new Pipe();
            await input.Writer.WriteAsync(stdin);
            await input.Writer.CompleteAsync();
        }
        using var stdout = new MemoryStream();
        var stderr = new StringBuilder();
        var exit = await BuiltinCommands.RunAsync(argv, new CommandContext(input?.Reader,
            data => { stdout.Write(data.Span); return Task.CompletedTask; },
            data => { stderr.Append(Encoding.UTF8.GetString(data.Span)); return Task.CompletedTask; },
            new Dictionary<string, string>(), _files, CancellationToken.None));
        return (exit, stdout.ToArray(), stderr.ToString());
    }

    private static byte[] Archive(params (string Name, string Content)[] files)
    {
        using var archive = new MemoryStream();
        using (var writer = new TarWriter(archive, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var (name, content) in files)
                writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
        }
        return archive.ToArray();
    }

    private static List<(string Name, string? Content)> Read(byte[] archive)
    {
        using var reader = new TarReader(new MemoryStream(archive));
        var entries = new List<(string, string?)>();
        while (reader.GetNextEntry() is { } entry)
            entries.Add((entry.Name, entry.DataStream is null ? null : new StreamReader(entry.DataStream).ReadToEnd()));
        return entries;
    }
}
