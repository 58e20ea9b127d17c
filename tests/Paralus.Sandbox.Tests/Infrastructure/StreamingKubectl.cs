using System.Diagnostics;
using System.Threading.Channels;

namespace Paralus.Sandbox.Tests.Infrastructure;

/// <summary>A running kubectl whose stdout is read line by line, with bounded waits.</summary>
public sealed class StreamingKubectl : IDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

    internal StreamingKubectl(Process process)
    {
        _process = process;
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line) _lines.Writer.TryWrite(line);
            _lines.Writer.TryComplete();
        });
        _ = process.StandardError.ReadToEndAsync();
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Reads lines until one matches; fails after <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var seen = new List<string>();
        try
        {
            while (await _lines.Reader.WaitToReadAsync(cancel.Token))
            {
                while (_lines.Reader.TryRead(out var line))
                {
                    seen.Add(line);
                    if (match(line)) return line;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Reported below with what was seen.
        }
        throw new TimeoutException($"no matching line within {timeout}; saw:\n{string.Join('\n', seen)}");
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
