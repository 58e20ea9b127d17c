using System.Buffers;
using System.Globalization;
using System.Text;

namespace Paralus.Sandbox.Streams;

/// <summary>
/// The commands a sandbox container can run, all in-process (never a host process): echo, cat,
/// env, hostname, pwd, whoami, ls, sleep, true, false, exit, test -d/-e/-f, tar (for kubectl cp, over the
/// container's in-memory files), head -c N /dev/zero, yes-bytes N, and <c>sh -c</c>/<c>bash -c</c> scripts
/// made of those joined by <c>;</c>, <c>&amp;&amp;</c> and <c>||</c>, with <c>&gt;&amp;2</c> sending a
/// command's output to stderr. <c>sh</c> without a script reads commands from stdin, one per line, until
/// <c>exit</c> or end of file, with a prompt on a terminal.
/// </summary>
internal static class BuiltinCommands
{
    private const int ChunkSize = 32 * 1024;
    private const string Prompt = "/ # ";

    public static async Task<int> RunAsync(IReadOnlyList<string> argv, CommandContext context)
    {
        if (argv.Count == 0) return await context.FailAsync(127, "exec: no command given\n");
        var args = argv.Skip(1).ToList();
        switch (Path.GetFileName(argv[0]))
        {
            case "echo":
                var newline = !(args.Count > 0 && args[0] == "-n");
                if (!newline) args.RemoveAt(0);
                await context.WriteAsync(string.Join(' ', args) + (newline ? "\n" : ""));
                return 0;
            case "cat":
                return await Cat(args, context);
            case "env" or "printenv":
                await context.WriteAsync(string.Concat(context.Environment.Select(kv => $"{kv.Key}={kv.Value}\n")));
                return 0;
            case "hostname":
                await context.WriteAsync(context.Environment.GetValueOrDefault("HOSTNAME", "sandbox") + "\n");
                return 0;
            case "pwd":
                await context.WriteAsync("/\n");
                return 0;
            case "whoami":
                await context.WriteAsync("root\n");
                return 0;
            case "ls":
                return await List(args, context);
            case "test" when args.Count == 2 && args[0] is "-d" or "-e" or "-f":
                var tested = ContainerFileSystem.Resolve("/", args[1]);
                return tested is not null && args[0] switch
                {
                    "-d" => context.Files.IsDirectory(tested),
                    "-f" => context.Files.IsFile(tested),
                    _ => context.Files.IsDirectory(tested) || context.Files.IsFile(tested),
                } ? 0 : 1;
            case "tar":
                return await TarCommand.RunAsync(args, context);
            case "true":
                return 0;
            case "false":
                return 1;
            case "exit":
                return args.Count > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var code) ? code & 0xff : 0;
            case "sleep":
                if (args.Count == 0 || !double.TryParse(args[0], CultureInfo.InvariantCulture, out var seconds))
                    return await context.FailAsync(1, "sleep: missing operand\n");
                await Task.Delay(TimeSpan.FromSeconds(seconds), context.Cancellation);
                return 0;
            case "head" when args.Count == 3 && args[0] == "-c" && args[2] == "/dev/zero" && long.TryParse(args[1], CultureInfo.InvariantCulture, out var zeros):
                await Generate(context, zeros, 0);
                return 0;
            case "yes-bytes" when args.Count == 1 && long.TryParse(args[0], CultureInfo.InvariantCulture, out var count):
                await Generate(context, count, (byte)'y');
                return 0;
            case "sh" or "bash" when args.Count >= 2 && args[0] == "-c":
                return (await Script(args[1], context)).Exit;
            case "sh" or "bash" or "ash" when IsInteractiveShell(argv):
                return await InteractiveShell(context);
            default:
                return await context.FailAsync(127, $"exec: \"{argv[0]}\": executable file not found in $PATH\n");
        }
    }

    private static async Task<int> Cat(List<string> files, CommandContext context)
    {
        if (files.Count == 0 || files is ["-"])
        {
            if (context.Stdin is null) return 0;
            while (true)
            {
                var read = await context.Stdin.ReadAsync(context.Cancellation);
                foreach (var segment in read.Buffer) await context.Stdout(segment);
                context.Stdin.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted) return 0;
            }
        }
        var exit = 0;
        foreach (var file in files)
        {
            var content = file switch
            {
                "/etc/hostname" => context.Environment.GetValueOrDefault("HOSTNAME", "sandbox") + "\n",
                "/etc/os-release" => "PRETTY_NAME=\"Paralus Sandbox\"\nNAME=\"Paralus Sandbox\"\nID=sandbox\n",
                _ => null,
            };
            var path = ContainerFileSystem.Resolve("/", file);
            if (content is not null) await context.WriteAsync(content);
            else if (path is not null && context.Files.Read(path) is { } stored) await context.Stdout(stored);
            else if (path is not null && context.Files.IsDirectory(path)) exit = await context.FailAsync(1, $"cat: {file}: Is a directory\n");
            else exit = await context.FailAsync(1, $"cat: {file}: No such file or directory\n");
        }
        return exit;
    }

    private static async Task<int> List(List<string> args, CommandContext context)
    {
        var operand = args.LastOrDefault(a => !a.StartsWith('-')) ?? "/";
        var path = ContainerFileSystem.Resolve("/", operand);
        if (path is not null && context.Files.IsFile(path))
        {
            await context.WriteAsync(operand + "\n");
            return 0;
        }
        if (path is null || !context.Files.IsDirectory(path))
            return await context.FailAsync(2, $"ls: cannot access '{operand}': No such file or directory\n");
        var names = context.Files.List(path);
        await context.WriteAsync(names.Count == 0 ? "" : string.Join('\n', names) + "\n");
        return 0;
    }

    private static async Task Generate(CommandContext context, long count, byte value)
    {
        var chunk = new byte[ChunkSize];
        Array.Fill(chunk, value);
        if (value == (byte)'y')
        {
            for (var i = 1; i < chunk.Length; i += 2) chunk[i] = (byte)'\n';
        }
        while (count > 0)
        {
            var size = (int)Math.Min(count, chunk.Length);
            await context.Stdout(chunk.AsMemory(0, size));
            count -= size;
        }
    }

    /// <summary>A shell with no script: <c>sh</c>, <c>bash</c>, <c>/bin/sh</c>, alone or with <c>-i</c>, <c>-l</c>.</summary>
    public static bool IsInteractiveShell(IReadOnlyList<string> argv) =>
        argv.Count > 0 && Path.GetFileName(argv[0]) is "sh" or "bash" or "ash" && argv.Skip(1).All(a => a is "-i" or "-l" or "--login");

    /// <summary>Reads lines from stdin and runs each as a script, until <c>exit</c> or end of file (Ctrl-D on a terminal).</summary>
    private static async Task<int> InteractiveShell(CommandContext context)
    {
        if (context.Stdin is null) return 0;
        var exit = 0;
        while (true)
        {
            if (context.Tty) await context.WriteAsync(Prompt);
            var line = await ReadLineAsync(context.Stdin, context.Cancellation);
            if (line is null)
            {
                // The cursor is still after the prompt.
                if (context.Tty) await context.WriteAsync("\n");
                return exit;
            }
            var (code, exited) = await Script(line, context);
            exit = code;
            if (exited) return exit;
        }
    }

    private static async Task<string?> ReadLineAsync(System.IO.Pipelines.PipeReader reader, CancellationToken cancellation)
    {
        while (true)
        {
            var read = await reader.ReadAsync(cancellation);
            var buffer = read.Buffer;
            if (buffer.PositionOf((byte)'\n') is { } end)
            {
                var line = Encoding.UTF8.GetString(buffer.Slice(0, end));
                reader.AdvanceTo(buffer.GetPosition(1, end));
                return line;
            }
            if (read.IsCompleted)
            {
                var rest = buffer.IsEmpty ? null : Encoding.UTF8.GetString(buffer);
                reader.AdvanceTo(buffer.End);
                return rest;
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Runs a small script: commands joined by ';', '&amp;&amp;' and '||', with quotes and $VAR; says whether it ran <c>exit</c>.</summary>
    private static async Task<(int Exit, bool Exited)> Script(string script, CommandContext context)
    {
        var exit = 0;
        var op = ";";
        foreach (var (command, next) in SplitScript(script))
        {
            var run = op switch { "&&" => exit == 0, "||" => exit != 0, _ => true };
            if (run)
            {
                var argv = Tokenize(command, context.Environment);
                var commandContext = context;
                if (argv.Count > 0 && argv[^1] is ">&2" or "1>&2")
                {
                    argv.RemoveAt(argv.Count - 1);
                    commandContext = context with { Stdout = context.Stderr };
                }
                if (argv.Count > 0 && argv[0] == "exit") return (await RunAsync(argv, commandContext), true);
                if (argv.Count > 0) exit = await RunAsync(argv, commandContext);
            }
            op = next;
        }
        return (exit, false);
    }

    private static IEnumerable<(string Command, string Next)> SplitScript(string script)
    {
        var current = new StringBuilder();
        char quote = '\0';
        for (var i = 0; i < script.Length; i++)
        {
            var c = script[i];
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                current.Append(c);
                continue;
            }
            if (c is '\'' or '"') quote = c;
            string? op = c == ';' || c == '\n' ? ";" : i + 1 < script.Length && script.Substring(i, 2) is "&&" or "||" ? script.Substring(i, 2) : null;
            if (op is null)
            {
                current.Append(c);
                continue;
            }
            yield return (current.ToString(), op);
            current.Clear();
            i += op.Length - 1;
        }
        yield return (current.ToString(), ";");
    }

    private static List<string> Tokenize(string command, IReadOnlyDictionary<string, string> environment)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        var inToken = false;
        char quote = '\0';
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (quote == '\'')
            {
                if (c == '\'') quote = '\0';
                else current.Append(c);
                continue;
            }
            if (c == '$' && i + 1 < command.Length && (char.IsLetter(command[i + 1]) || command[i + 1] == '_'))
            {
                var end = i + 1;
                while (end < command.Length && (char.IsLetterOrDigit(command[end]) || command[end] == '_')) end++;
                current.Append(environment.GetValueOrDefault(command[(i + 1)..end], ""));
                inToken = true;
                i = end - 1;
                continue;
            }
            if (quote == '"')
            {
                if (c == '"') quote = '\0';
                else current.Append(c);
                continue;
            }
            if (c is '\'' or '"')
            {
                quote = c;
                inToken = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inToken) tokens.Add(current.ToString());
                current.Clear();
                inToken = false;
            }
            else
            {
                current.Append(c);
                inToken = true;
            }
        }
        if (inToken) tokens.Add(current.ToString());
        return tokens;
    }
}
