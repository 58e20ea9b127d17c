using System.Text;

namespace Paralus.Cli.Tests.Infrastructure;

/// <summary>Splits a test's command line into arguments: spaces separate, double quotes group ("AWS Project Members").</summary>
public static class ShellWords
{
    public static IReadOnlyList<string> Split(string commandLine)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var inWord = false;
        foreach (var character in commandLine)
        {
            if (character == '"')
            {
                quoted = !quoted;
                inWord = true;
            }
            else if (character == ' ' && !quoted)
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
            }
            else
            {
                current.Append(character);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(current.ToString());
        }

        return words;
    }
}
