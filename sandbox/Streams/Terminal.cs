using System.IO.Pipelines;

namespace Paralus.Sandbox.Streams;

/// <summary>
/// The pseudo-terminal of an exec or attach with <c>tty</c>, in canonical mode as a shell leaves
/// it: kubectl puts the user's terminal in raw mode and sends every key as typed, so echo, line
/// editing and end of file happen here. Enter (CR) ends a line, which the command then reads with
/// LF; backspace erases; Ctrl-D at the start of a line is end of file (the command's stdin closes),
/// elsewhere it hands over the line so far; Ctrl-C drops the line. Output LF becomes CR LF.
/// </summary>
internal sealed class Terminal(PipeWriter input, Func<ReadOnlyMemory<byte>, Task> echo)
{
    private const byte Interrupt = 0x03;
    private const byte EndOfFile = 0x04;
    private const byte Backspace = 0x08;
    private const byte Delete = 0x7f;

    private readonly List<byte> _line = [];
    private bool _closed;

    /// <summary>Takes keys from the client; completes the command's stdin at end of file.</summary>
    public async Task KeysAsync(ReadOnlyMemory<byte> keys, CancellationToken cancellation)
    {
        foreach (var key in keys.ToArray())
        {
            if (_closed) return;
            switch (key)
            {
                case (byte)'\r' or (byte)'\n':
                    _line.Add((byte)'\n');
                    await echo("\r\n"u8.ToArray());
                    await FlushLineAsync(cancellation);
                    break;
                case EndOfFile when _line.Count == 0:
                    _closed = true;
                    await input.CompleteAsync();
                    return;
                case EndOfFile:
                    await FlushLineAsync(cancellation);
                    break;
                case Backspace or Delete:
                    if (_line.Count == 0) break;
                    _line.RemoveAt(_line.Count - 1);
                    await echo("\b \b"u8.ToArray());
                    break;
                case Interrupt:
                    _line.Clear();
                    await echo("^C\r\n"u8.ToArray());
                    // No signals here: an empty line makes a shell prompt again.
                    _line.Add((byte)'\n');
                    await FlushLineAsync(cancellation);
                    break;
                default:
                    _line.Add(key);
                    await echo(new[] { key });
                    break;
            }
        }
    }

    /// <summary>What the client sees of a command's output on a terminal: every LF as CR LF.</summary>
    public static ReadOnlyMemory<byte> Output(ReadOnlyMemory<byte> data)
    {
        if (!data.Span.Contains((byte)'\n')) return data;
        var translated = new List<byte>(data.Length + 16);
        foreach (var b in data.Span)
        {
            if (b == '\n') translated.Add((byte)'\r');
            translated.Add(b);
        }
        return translated.ToArray();
    }

    private async Task FlushLineAsync(CancellationToken cancellation)
    {
        var line = _line.ToArray();
        _line.Clear();
        await input.WriteAsync(line, cancellation);
    }
}
