namespace Paralus.Cli.Parsing;

/// <summary>
/// Reads a password or API key from standard input, the only place secrets are accepted from (never from
/// arguments, which end up in shell history and process lists). Only the line ending is removed: spaces may
/// belong to the password.
/// </summary>
internal static class StdinSecret
{
    public static string Read(TextReader input, string flag)
    {
        var secret = input.ReadToEnd().TrimEnd('\n', '\r');
        if (secret.Length == 0)
        {
            throw new CliUsageException($"{flag} was given but standard input is empty: pipe the secret in, e.g. '... {flag} < file'.");
        }

        return secret;
    }
}
