using Microsoft.Extensions.Time.Testing;
using Paralus.Cli.Output;

namespace Paralus.Cli.Tests.Output;

public sealed class ProgressSpinnerTests
{
    [Fact]
    public void OnATerminal_DrawsAfterAMomentAndClearsTheLineWhenDone()
    {
        var error = new StringWriter();
        var time = new FakeTimeProvider();
        var console = new CliConsole(new StringReader(""), new StringWriter(), error, errorIsTerminal: true);

        using (ProgressSpinner.Start(console, time, "Waiting for paralus.test"))
        {
            Assert.Equal("", error.ToString());
            time.Advance(TimeSpan.FromMilliseconds(500));
            Assert.Contains("Waiting for paralus.test", error.ToString());
        }

        Assert.EndsWith("\r\u001b[2K", error.ToString());
    }

    [Fact]
    public void WhenStderrIsRedirected_DrawsNothing()
    {
        var error = new StringWriter();
        var time = new FakeTimeProvider();
        var console = new CliConsole(new StringReader(""), new StringWriter(), error, errorIsTerminal: false);

        using (ProgressSpinner.Start(console, time, "Waiting"))
        {
            time.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.Equal("", error.ToString());
    }

    [Fact]
    public void QuickWork_DrawsNothingEvenOnATerminal()
    {
        var error = new StringWriter();
        var console = new CliConsole(new StringReader(""), new StringWriter(), error, errorIsTerminal: true);

        using (ProgressSpinner.Start(console, new FakeTimeProvider(), "Waiting"))
        {
        }

        Assert.Equal("", error.ToString());
    }
}
