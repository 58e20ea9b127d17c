using System.IO.Pipelines;
using System.Text;

namespace Paralus.Sandbox.Streams;

/// <summary>
/// What a built-in command sees: its stdin, where its output goes, its environment, its container's files,
/// and whether it runs on a terminal (an interactive shell then prompts).
/// </summary>
internal sealed record CommandContext(
    PipeReader? Stdin,
    Func<ReadOnlyMemory<byte>, Task> Stdout,
    Func<ReadOnlyMemory<byte>, Task> Stderr,
    IReadOnlyDictionary<string, string> Environment,
    ContainerFileSystem Files,
    CancellationToken Cancellation,
    bool Tty = false)
{
    public Task WriteAsync(string text) => Stdout(Encoding.UTF8.GetBytes(text));

    public Task WriteErrorAsync(string text) => Stderr(Encoding.UTF8.GetBytes(text));

    /// <summary>Says why on stderr and returns the exit code to end with.</summary>
    public async Task<int> FailAsync(int code, string message)
    {
        await WriteErrorAsync(message);
        return code;
    }
}
