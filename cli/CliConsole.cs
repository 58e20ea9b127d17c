namespace Paralus.Cli;

/// <summary>The standard streams of one CLI run; tests pass string readers and writers.</summary>
public sealed class CliConsole(TextReader input, TextWriter output, TextWriter error, bool errorIsTerminal = false, bool inputIsTerminal = false)
{
    public TextReader Input { get; } = input;

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Progress spinners are drawn only on a terminal, never into redirected output.</summary>
    public bool ErrorIsTerminal { get; } = errorIsTerminal;

    /// <summary>Someone may be there to answer: a sign-in under kubectl is started again only then.</summary>
    public bool InputIsTerminal { get; } = inputIsTerminal;

    public static CliConsole FromProcess() =>
        new(Console.In, Console.Out, Console.Error, !Console.IsErrorRedirected, !Console.IsInputRedirected);
}
