using System.Diagnostics;
using System.Text;

namespace Paralus.Sandbox.Tests.Infrastructure;

/// <summary>
/// kubectl running on a pseudo-terminal: what is written arrives as keys typed at a terminal (kubectl puts it
/// in raw mode for <c>-it</c>, so Ctrl-D is the byte 0x04), and all it prints is collected, with bounded waits.
/// </summary>
public sealed class TerminalKubectl : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly SemaphoreSlim _changed = new(0);
    private readonly Task _reading;

    internal TerminalKubectl(Process process)
    {
        _process = process;
        _reading = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int read;
            while ((read = await process.StandardOutput.ReadAsync(buffer)) > 0)
            {
                lock (_output) _output.Append(buffer, 0, read);
                _changed.Release();
            }
        });
        _ = process.StandardError.ReadToEndAsync();
    }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public async Task TypeAsync(string keys)
    {
        await _process.StandardInput.WriteAsync(keys);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits until the output contains <paramref name="text"/>; fails after <paramref name="timeout"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (!Output.Contains(text, StringComparison.Ordinal)) await _changed.WaitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no '{text}' within {timeout}; output so far:\n{Output}");
        }
    }

    /// <summary>
    /// Waits for kubectl to end and for everything it printed to be read (the exit can come before the last output
    /// is drained), and returns its exit code; fails after <paramref name="timeout"/>.
    /// </summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            await _reading.WaitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"kubectl did not end within {timeout}; output so far:\n{Output}");
        }
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
        _changed.Dispose();
    }
}
