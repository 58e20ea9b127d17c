using Microsoft.Extensions.Options;
using Paralus.Relay.Configuration;

namespace Paralus.Relay.Audit;

/// <summary>
/// Audit batches the broker could not take, one file each (owner-only), named so they list oldest first; kept across
/// restarts and sent again by <see cref="AuditShipper"/>. Bounded by <see cref="RelayOptions.AuditSpoolMaxBytes"/>.
/// </summary>
internal sealed partial class AuditSpool
{
    private const string Extension = ".batch";
    private readonly string _folder;
    private readonly long _maxBytes;
    private readonly AuditMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<AuditSpool> _logger;
    private long _bytes;

    public AuditSpool(IOptions<RelayOptions> options, AuditMetrics metrics, TimeProvider time, ILogger<AuditSpool> logger)
    {
        _folder = options.Value.AuditSpoolFolder;
        _maxBytes = options.Value.AuditSpoolMaxBytes;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        Directory.CreateDirectory(_folder);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _bytes = Files().Sum(f => new FileInfo(f).Length);
        _metrics.SpoolHolds(_bytes);
    }

    public bool IsEmpty => Interlocked.Read(ref _bytes) == 0;

    /// <summary>False, with a log, when the spool is full: the batch is lost.</summary>
    public bool TryAdd(string batchId, byte[] body, int events)
    {
        if (Interlocked.Read(ref _bytes) + body.Length > _maxBytes)
        {
            _metrics.Dropped(events);
            LogFull(_logger, events, _maxBytes);
            return false;
        }
        var name = Path.Combine(_folder, $"{_time.GetUtcNow().UtcTicks:D19}-{batchId}{Extension}");
        var partial = name + ".partial";
        File.WriteAllBytes(partial, body);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(partial, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        // Renamed only once whole: a crash mid-write leaves a .partial file, never half a batch to replay.
        File.Move(partial, name);
        _metrics.SpoolHolds(Interlocked.Add(ref _bytes, body.Length));
        _metrics.Spooled();
        return true;
    }

    /// <summary>The spooled batches, oldest first: the id they were sent with and their file.</summary>
    public IEnumerable<(string BatchId, string File)> Oldest() =>
        Files().Order(StringComparer.Ordinal).Select(f => (Path.GetFileNameWithoutExtension(f)[20..], f));

    public void Remove(string file)
    {
        var length = new FileInfo(file).Length;
        File.Delete(file);
        _metrics.SpoolHolds(Interlocked.Add(ref _bytes, -length));
        _metrics.Replayed();
    }

    private IEnumerable<string> Files() => Directory.EnumerateFiles(_folder, "*" + Extension);

    [LoggerMessage(EventId = 2602, Level = LogLevel.Error, Message = "Audit spool full ({MaxBytes} bytes): {Events} audit events dropped while the broker is away")]
    private static partial void LogFull(ILogger logger, int events, long maxBytes);
}
