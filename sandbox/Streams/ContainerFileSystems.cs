using System.Collections.Concurrent;

namespace Paralus.Sandbox.Streams;

/// <summary>Every container's <see cref="ContainerFileSystem"/>, by pod uid and container name; a re-created pod starts empty.</summary>
internal sealed class ContainerFileSystems
{
    private readonly ConcurrentDictionary<(string PodUid, string Container), ContainerFileSystem> _containers = new();

    public ContainerFileSystem For(string podUid, string container) => _containers.GetOrAdd((podUid, container), _ => new ContainerFileSystem());
}
