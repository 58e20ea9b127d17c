using System.Globalization;
using System.Net;

namespace Paralus.Infrastructure.Tests.Messaging;

/// <summary>The TCP sockets some processes listen on, read from /proc (what <c>ss -ltnp</c> shows).</summary>
public static class ListeningSockets
{
    private const string Listen = "0A";

    public sealed record Listener(IPAddress Address, int Port)
    {
        public bool IsLoopback => IPAddress.IsLoopback(Address);
    }

    public static IReadOnlyList<Listener> Of(IEnumerable<int> processIds)
    {
        var inodes = processIds
            .SelectMany(pid => Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
            .Select(fd => new FileInfo(fd).LinkTarget)
            .OfType<string>()
            .Where(target => target.StartsWith("socket:[", StringComparison.Ordinal))
            .Select(target => target["socket:[".Length..^1])
            .ToHashSet();

        return new[] { "/proc/net/tcp", "/proc/net/tcp6" }
            .SelectMany(File.ReadLines)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(columns => columns.Length > 9 && columns[3] == Listen && inodes.Contains(columns[9]))
            .Select(columns => Parse(columns[1]))
            .ToArray();
    }

    // "0100007F:1627" is 127.0.0.1:5671: each 32-bit word of the address is in host (little-endian) order.
    private static Listener Parse(string local)
    {
        var (hex, port) = (local[..local.IndexOf(':')], int.Parse(local[(local.IndexOf(':') + 1)..], NumberStyles.HexNumber));
        var bytes = Convert.FromHexString(hex);
        for (var word = 0; word < bytes.Length; word += 4) Array.Reverse(bytes, word, 4);
        return new Listener(new IPAddress(bytes), port);
    }
}
