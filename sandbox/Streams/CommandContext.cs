using System.IO.Pipelines;

namespace Paralus.Sandbox.Streams;

/// <summary>What a built-in command sees: its stdin, where its output goes, its environment, its container's files.</summary>
internal sealed record CommandContext(
    PipeReader? Stdin,
    Func<ReadOnlyMemory<byte>, Task> Stdout,
    Func<ReadOnlyMemory<byte>, Task> Stderr,
    IReadOnlyDictionary<string, string> Environment,
    ContainerFileSystem Files,
    CancellationToken Cancellation);
