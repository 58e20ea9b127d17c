namespace Paralus.Cli.Output;

/// <summary>
/// A one-line spinner on stderr while something is under way. Drawn only when stderr is a terminal, and only once
/// the wait has lasted a moment, so quick calls and redirected output never see it.
/// </summary>
internal sealed class ProgressSpinner : IDisposable
{
    private static readonly string[] Frames = ["|", "/", "-", "\\"];
    private static readonly TimeSpan FirstFrameAfter = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan FrameInterval = TimeSpan.FromMilliseconds(100);

    private readonly TextWriter _error;
    private readonly string _message;
    private readonly ITimer? _timer;
    private readonly Lock _gate = new();
    private int _frame;
    private bool _drawn;
    private bool _stopped;

    private ProgressSpinner(TextWriter error, string message, TimeProvider? timeProvider)
    {
        _error = error;
        _message = message;
        _timer = timeProvider?.CreateTimer(_ => Draw(), null, FirstFrameAfter, FrameInterval);
    }

    public static ProgressSpinner Start(CliConsole console, TimeProvider timeProvider, string message) =>
        new(console.Error, message, console.ErrorIsTerminal ? timeProvider : null);

    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
            _timer?.Dispose();
            if (_drawn)
            {
                // Carriage return and "erase line", so the next output starts on a clean line.
                _error.Write("\r\u001b[2K");
                _error.Flush();
            }
        }
    }

    private void Draw()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _error.Write($"\r{Frames[_frame++ % Frames.Length]} {_message}");
            _error.Flush();
            _drawn = true;
        }
    }
}
