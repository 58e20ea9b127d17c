using System.Text;

namespace Paralus.Cli.Tests.Infrastructure;

/// <summary>A stream a running CLI writes to while the test reads it, e.g. to play the browser for the URL it printed.</summary>
public sealed class LiveText : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_gate)
        {
            _text.Append(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_gate)
        {
            _text.Append(value);
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return _text.ToString();
        }
    }
}
