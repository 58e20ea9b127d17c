using System.Collections.Concurrent;
using Paralus.Core.Kubernetes;

namespace Paralus.Agent.Jit;

/// <summary>
/// JIT specs by user and the relay's access header. A spec's version is a hash over its content, so building one on
/// every request would be wasted work: the same user with the same access gets the same spec.
/// </summary>
internal sealed class JitAccessSpecs
{
    // Users come and go; past this many entries the cache starts over and refills from the requests it sees.
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<(string User, string Access), JitAccessSpec> _specs = new();

    /// <summary>The spec, or null when the header is not one a relay writes.</summary>
    public JitAccessSpec? For(string user, string accessHeader)
    {
        if (_specs.TryGetValue((user, accessHeader), out var known)) return known;
        if (!JitAccessHeader.TryParse(accessHeader, out var clusterLevel, out var namespaces)) return null;
        if (_specs.Count >= MaxEntries) _specs.Clear();
        return _specs.GetOrAdd((user, accessHeader), JitAccessSpec.For(user, clusterLevel, namespaces));
    }
}
